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

# Les dossiers DEP=…/AN=… donnent deux colonnes, le département en texte
# (« 06 », pas 6) ; le filtre sur DEP ne lit que les fichiers de DEP=06
totaux = con.sql("""
    SELECT AN, sum(NB_EQUIP) AS total
    FROM read_parquet('s3://<mon_bucket>/bpe_partitionne/*/*/*.parquet',
                      hive_partitioning = true,
                      hive_types = {'DEP': VARCHAR, 'AN': BIGINT})
    WHERE DEP = '06'
    GROUP BY AN ORDER BY AN
""").fetchall()
for an, total in totaux:
    print(an, total)
