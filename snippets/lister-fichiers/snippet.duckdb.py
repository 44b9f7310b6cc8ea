import os

import duckdb

# httpfs, identifiants du service, AC du serveur : voir « Configurer son client »
con = duckdb.connect()
con.sql("INSTALL httpfs; LOAD httpfs;")
if os.environ.get("REQUESTS_CA_BUNDLE"):
    con.sql(f"SET ca_cert_file = '{os.environ['REQUESTS_CA_BUNDLE']}'")
con.sql(f"""
    CREATE SECRET nubonyxia (
        TYPE s3,
        ENDPOINT '{os.environ["AWS_S3_ENDPOINT"]}',
        KEY_ID '{os.environ["AWS_ACCESS_KEY_ID"]}',
        SECRET '{os.environ["AWS_SECRET_ACCESS_KEY"]}',
        SESSION_TOKEN '{os.environ["AWS_SESSION_TOKEN"]}',
        REGION '{os.environ["AWS_DEFAULT_REGION"]}',
        URL_STYLE 'path'
    )
""")

# Premier niveau du bucket : les fichiers seulement (glob ne montre pas les dossiers)
print(con.sql("SELECT file FROM glob('s3://<mon_bucket>/*')").fetchall())

# Tous les fichiers sous un préfixe, à tous les niveaux (**), avec leur taille en
# octets
fichiers = con.sql("SELECT filename, size FROM read_blob('s3://<mon_bucket>/<dossier>/**')")
for chemin, taille in fichiers.fetchall():
    print(chemin, taille)
