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

# Codes géographiques lus comme du texte, pour garder les zéros initiaux
codes_texte = {"DEP": pl.String, "DEPCOM": pl.String, "DCIRIS": pl.String}

bpe = pl.read_csv("s3://<mon_bucket>/BPE/2019/BPE_ENS.csv", separator=";",
                  schema_overrides=codes_texte, storage_options=stockage)

print(bpe.shape)
print("Nombre d'équipements :", bpe["NB_EQUIP"].sum())
# Les équipements des Alpes-Maritimes (département "06")
print(bpe.filter(pl.col("DEP") == "06"))
