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

# Lire le CSV d'origine (codes géographiques en texte)
bpe = pl.read_csv("s3://<mon_bucket>/BPE/2019/BPE_ENS.csv", separator=";",
                  schema_overrides={"DEP": pl.String, "DEPCOM": pl.String, "DCIRIS": pl.String},
                  storage_options=stockage)

# L'écrire en Parquet dans son bucket
bpe.write_parquet("s3://<mon_bucket>/resultats/bpe_2019.parquet", storage_options=stockage)

# Le relire en différé (scan) : polars ne télécharge que les colonnes DEP et
# NB_EQUIP, et saute les blocs de lignes sans les départements demandés
totaux = (
    pl.scan_parquet("s3://<mon_bucket>/resultats/bpe_2019.parquet", storage_options=stockage)
    .filter(pl.col("DEP").is_in(["06", "75"]))
    .group_by("DEP")
    .agg(pl.col("NB_EQUIP").sum())
    .sort("DEP")
    .collect()
)
for dep, total in totaux.iter_rows():
    print(dep, total)
