import os

import polars as pl

# polars ne lit pas AWS_S3_ENDPOINT : on lui donne l'adresse du serveur et les
# identifiants temporaires du service, en adressage « chemin » (path-style).
stockage = {
    "aws_endpoint_url": "https://" + os.environ["AWS_S3_ENDPOINT"],
    "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
    "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
    "aws_session_token": os.environ["AWS_SESSION_TOKEN"],
    "aws_region": os.environ["AWS_DEFAULT_REGION"],
    "aws_virtual_hosted_style_request": "false",
}

# polars ne liste pas un bucket : lire un fichier, en afficher les colonnes
donnees = pl.read_csv("s3://<mon_bucket>/exemple.txt", storage_options=stockage)
print("exemple.txt", donnees.columns)
