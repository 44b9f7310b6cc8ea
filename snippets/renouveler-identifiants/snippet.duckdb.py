import os
from getpass import getpass

import duckdb

con = duckdb.connect()
con.sql("INSTALL httpfs; LOAD httpfs;")
if os.environ.get("REQUESTS_CA_BUNDLE"):
    con.sql(f"SET ca_cert_file = '{os.environ['REQUESTS_CA_BUNDLE']}'")

# Avant : le secret s3_onyxia_connection garde les identifiants du démarrage, qui
# ont expiré, la lecture échoue
try:
    con.sql("SELECT file FROM glob('s3://<mon_bucket>/*')").fetchall()
except duckdb.Error as erreur:
    print("Avant : échec,", erreur)

# Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
# s'affichent pas et ne restent ni dans le notebook ni dans l'historique
cle_acces = getpass("Nouvel identifiant de clé : ")
cle_secrete = getpass("Nouvelle clé secrète : ")
jeton = getpass("Nouveau jeton de session : ")

# Le secret du démarrage, remplacé par un secret du même nom fait des valeurs neuves
# (les autres réglages, repris des variables du service, ne changent pas)
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
""", {"cle_acces": cle_acces, "cle_secrete": cle_secrete, "jeton": jeton})

# Après : les lectures et les écritures fonctionnent
con.sql("""
    COPY (SELECT * FROM read_csv('resultats.csv', all_varchar = true))
    TO 's3://<mon_bucket>/resultats.csv' (HEADER, DELIMITER ';')
""")
print("Après :", con.sql("SELECT file FROM glob('s3://<mon_bucket>/*')").fetchall())
