import os

import duckdb

con = duckdb.connect()

# L'extension httpfs donne à DuckDB l'accès à S3
con.sql("INSTALL httpfs; LOAD httpfs;")

# Le certificat de l'AC du serveur, si REQUESTS_CA_BUNDLE le donne (DuckDB n'a pas
# d'autre moyen de le trouver hors du magasin du système)
if os.environ.get("REQUESTS_CA_BUNDLE"):
    con.sql(f"SET ca_cert_file = '{os.environ['REQUESTS_CA_BUNDLE']}'")

# Un « secret » S3 : adresse sans « https:// », identifiants temporaires du
# service, adressage « chemin » (path-style)
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

# Premier niveau du bucket
print(con.sql("SELECT file FROM glob('s3://<mon_bucket>/*')").fetchall())
