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

# Codes géographiques lus comme du texte, pour garder les zéros initiaux
bpe = con.sql("""
    SELECT * FROM read_csv('s3://<mon_bucket>/BPE/2019/BPE_ENS.csv', delim = ';',
        types = {'DEP': 'VARCHAR', 'DEPCOM': 'VARCHAR', 'DCIRIS': 'VARCHAR'})
""")

print(bpe.shape)
print("Nombre d'équipements :", con.sql("SELECT sum(NB_EQUIP) FROM bpe").fetchone()[0])
# Les équipements des Alpes-Maritimes (département "06")
print(con.sql("SELECT * FROM bpe WHERE DEP = '06'").df())
