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


def lire_csv(annee):
    """Le CSV d'une année, codes géographiques en texte."""
    return f"""
        SELECT * FROM read_csv('s3://<mon_bucket>/BPE/{annee}/BPE_ENS.csv', delim = ';',
            types = {{'DEP': 'VARCHAR', 'DEPCOM': 'VARCHAR', 'DCIRIS': 'VARCHAR'}})"""


# Écrire 2019 en Parquet, un dossier par département puis par année :
# bpe_partitionne/DEP=06/AN=2019/bpe_2019_0.parquet…
con.sql(f"""
    COPY ({lire_csv(2019)}) TO 's3://<mon_bucket>/bpe_partitionne'
    (FORMAT parquet, PARTITION_BY (DEP, AN), FILENAME_PATTERN 'bpe_2019_{{i}}')
""")

# Ajouter 2020 sans réécrire 2019 : d'autres noms de fichiers, les fichiers déjà
# là sont laissés tels quels
con.sql(f"""
    COPY ({lire_csv(2020)}) TO 's3://<mon_bucket>/bpe_partitionne'
    (FORMAT parquet, PARTITION_BY (DEP, AN), FILENAME_PATTERN 'bpe_2020_{{i}}',
     OVERWRITE_OR_IGNORE)
""")

# Les fichiers du jeu de données, partition par partition
for (fichier,) in con.sql("SELECT file FROM glob('s3://<mon_bucket>/bpe_partitionne/**')"
                          " ORDER BY file").fetchall():
    print(fichier)
