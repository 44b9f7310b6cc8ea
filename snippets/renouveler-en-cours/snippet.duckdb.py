import os
from getpass import getpass

import duckdb

con = duckdb.connect()
con.sql("INSTALL httpfs; LOAD httpfs;")
if os.environ.get("REQUESTS_CA_BUNDLE"):
    con.sql(f"SET ca_cert_file = '{os.environ['REQUESTS_CA_BUNDLE']}'")
dossier = "s3://<mon_bucket>/resultats/traitement"


def renouveler():
    """Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
    s'affichent pas et ne restent ni dans le notebook ni dans l'historique. Ils
    remplacent le secret s3_onyxia_connection, créé au démarrage du service."""
    valeurs = {"cle_acces": getpass("Nouvel identifiant de clé : "),
               "cle_secrete": getpass("Nouvelle clé secrète : "),
               "jeton": getpass("Nouveau jeton de session : ")}
    con.execute(f"""
        CREATE OR REPLACE PERSISTENT SECRET s3_onyxia_connection (
            TYPE s3,
            KEY_ID $cle_acces,
            SECRET $cle_secrete,
            SESSION_TOKEN $jeton,
            REGION '{os.environ["AWS_DEFAULT_REGION"]}',
            ENDPOINT '{os.environ["AWS_S3_ENDPOINT"]}',
            URL_STYLE 'path'
        )
    """, valeurs)


def ecrire(partie):
    """Votre calcul, pour une partie des données (ici, un carré), écrit dans le bucket."""
    con.sql(f"""
        COPY (SELECT {partie} AS partie, {partie * partie} AS carre)
        TO '{dossier}/partie-{partie}.csv' (HEADER)
    """)


# Aucun CREATE SECRET au départ : le secret persistant du démarrage du service sert
for partie in range(1, 5):
    try:
        ecrire(partie)
    except duckdb.Error:
        # Les identifiants ont expiré pendant le traitement : on remplace le secret,
        # puis on écrit de nouveau la même partie, sans refaire les précédentes
        print("expirés avant :", f"partie-{partie}")
        renouveler()
        ecrire(partie)
    print("écrit :", f"partie-{partie}")
