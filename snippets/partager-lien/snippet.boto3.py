import os

import boto3
from botocore.config import Config

# Les identifiants sont lus dans les variables d'environnement du service ;
# signature_version="s3v4" : un lien signé selon la norme actuelle (AWS Signature V4)
s3 = boto3.client(
    "s3",
    endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"],
    config=Config(signature_version="s3v4"),
)

# Un lien qui permet à quiconque le détient de télécharger ce fichier, sans compte,
# pendant 2 heures (ExpiresIn, en secondes)
lien = s3.generate_presigned_url(
    "get_object",
    Params={"Bucket": "<mon_bucket>", "Key": "resultats/synthese.csv"},
    ExpiresIn=2 * 60 * 60,
)
print(lien)
