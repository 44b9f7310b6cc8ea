import os

import polars as pl

# Adresse du serveur et identifiants temporaires du service, adressage « chemin »
stockage = {
    "aws_endpoint_url": "https://" + os.environ["AWS_S3_ENDPOINT"],
    "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
    "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
    "aws_session_token": os.environ["AWS_SESSION_TOKEN"],
    "aws_region": os.environ["AWS_DEFAULT_REGION"],
    "aws_virtual_hosted_style_request": "false",
}
codes_texte = {"DEP": pl.String, "DEPCOM": pl.String, "DCIRIS": pl.String}

# Écrire 2019 en Parquet, un dossier par département puis par année :
# bpe_partitionne/DEP=06/AN=2019/…
bpe_2019 = pl.read_csv("s3://<mon_bucket>/BPE/2019/BPE_ENS.csv", separator=";",
                       schema_overrides=codes_texte, storage_options=stockage)
bpe_2019.write_parquet("s3://<mon_bucket>/bpe_partitionne/", partition_by=["DEP", "AN"],
                       storage_options=stockage)

# Ajouter 2020 : ses dossiers AN=2020 sont nouveaux, ceux de 2019 restent tels quels
bpe_2020 = pl.read_csv("s3://<mon_bucket>/BPE/2020/BPE_ENS.csv", separator=";",
                       schema_overrides=codes_texte, storage_options=stockage)
bpe_2020.write_parquet("s3://<mon_bucket>/bpe_partitionne/", partition_by=["DEP", "AN"],
                       storage_options=stockage)

# Relire tout le jeu : une ligne par année et par département
bpe = pl.read_parquet("s3://<mon_bucket>/bpe_partitionne/**/*.parquet",
                      hive_partitioning=True, hive_schema={"DEP": pl.String, "AN": pl.Int64},
                      storage_options=stockage)
print(bpe.group_by("AN", "DEP").agg(pl.len()).sort("AN", "DEP"))
