import os
from getpass import getpass

import duckdb

con = duckdb.connect()
con.sql("INSTALL httpfs; LOAD httpfs;")
if os.environ.get("REQUESTS_CA_BUNDLE"):
    con.sql(f"SET ca_cert_file = '{os.environ['REQUESTS_CA_BUNDLE']}'")
dossier = "s3://<mon_bucket>/resultats/traitement"


def creer_secret(cle_acces, cle_secrete, jeton):
    """Le secret S3 de la session, créé ou remplacé sous le même nom."""
    con.execute(f"""
        CREATE OR REPLACE SECRET stockage (
            TYPE s3,
            KEY_ID $cle_acces,
            SECRET $cle_secrete,
            SESSION_TOKEN $jeton,
            REGION '{os.environ["AWS_DEFAULT_REGION"]}',
            ENDPOINT '{os.environ["AWS_S3_ENDPOINT"]}',
            URL_STYLE 'path'
        )
    """, {"cle_acces": cle_acces, "cle_secrete": cle_secrete, "jeton": jeton})


def renouveler():
    """Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
    s'affichent pas et ne restent ni dans le notebook ni dans l'historique."""
    creer_secret(getpass("Nouvel identifiant de clé : "),
                 getpass("Nouvelle clé secrète : "),
                 getpass("Nouveau jeton de session : "))


def ecrire(partie):
    """Votre calcul, pour une partie des données (ici, un carré), écrit dans le bucket."""
    con.sql(f"""
        COPY (SELECT {partie} AS partie, {partie * partie} AS carre)
        TO '{dossier}/partie-{partie}.csv' (HEADER)
    """)


# Un secret de la session, fait des variables du service au départ
creer_secret(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"],
             os.environ["AWS_SESSION_TOKEN"])
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
