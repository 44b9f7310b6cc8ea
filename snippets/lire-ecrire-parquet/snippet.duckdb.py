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

# Lire le CSV d'origine (codes géographiques en texte) et l'écrire en Parquet
con.sql("""
    COPY (
        SELECT * FROM read_csv('s3://<mon_bucket>/BPE/2019/BPE_ENS.csv', delim = ';',
            types = {'DEP': 'VARCHAR', 'DEPCOM': 'VARCHAR', 'DCIRIS': 'VARCHAR'})
    ) TO 's3://<mon_bucket>/resultats/bpe_2019.parquet' (FORMAT parquet)
""")

# Le relire : DuckDB ne télécharge que les colonnes DEP et NB_EQUIP, et saute
# les blocs de lignes sans les départements demandés
totaux = con.sql("""
    SELECT DEP, sum(NB_EQUIP) AS total
    FROM 's3://<mon_bucket>/resultats/bpe_2019.parquet'
    WHERE DEP IN ('06', '75')
    GROUP BY DEP ORDER BY DEP
""").fetchall()
for dep, total in totaux:
    print(dep, total)
