import os

import duckdb

con = duckdb.connect()
con.sql("INSTALL httpfs; LOAD httpfs;")
if os.environ.get("REQUESTS_CA_BUNDLE"):
    con.sql(f"SET ca_cert_file = '{os.environ['REQUESTS_CA_BUNDLE']}'")

# Aucun CREATE SECRET : le secret persistant s3_onyxia_connection, créé au démarrage
# du service, est chargé depuis ~/.duckdb/stored_secrets
print(con.sql("""
    SELECT name, persistent
    FROM which_secret('s3://<mon_bucket>/BPE/2019/BPE_ENS.csv', 's3')
""").fetchone())

# Le fichier, lu octet pour octet : sa taille et sa première ligne
taille, contenu = con.sql("""
    SELECT size, content FROM read_blob('s3://<mon_bucket>/BPE/2019/BPE_ENS.csv')
""").fetchone()
print(taille, "octets lus")
print(contenu.decode("utf-8").splitlines()[0])
