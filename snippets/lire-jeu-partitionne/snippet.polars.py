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

# Le jeu de données entier, en différé (scan) : les dossiers DEP=…/AN=… donnent
# deux colonnes, le département en texte (« 06 », pas 6). Sans le schéma des
# fichiers, polars lirait la fin de chacun, même ceux que le filtre écarte.
colonnes = {"REG": pl.String, "DEPCOM": pl.String, "DCIRIS": pl.String,
            "TYPEQU": pl.String, "NB_EQUIP": pl.Int64}
bpe = pl.scan_parquet("s3://<mon_bucket>/bpe_partitionne/**/*.parquet",
                      schema=colonnes, hive_partitioning=True,
                      hive_schema={"DEP": pl.String, "AN": pl.Int64},
                      storage_options=stockage)

# Filtrer sur une colonne de partition : seuls les fichiers de DEP=06 sont lus
totaux = (
    bpe.filter(pl.col("DEP") == "06")
    .group_by("AN")
    .agg(pl.col("NB_EQUIP").sum())
    .sort("AN")
    .collect()
)
for an, total in totaux.iter_rows():
    print(an, total)
