import os

import boto3

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

BUCKET = "<mon_bucket>"

# Supprime toute la politique du bucket : plus aucun accès anonyme, à aucun dossier
s3.delete_bucket_policy(Bucket=BUCKET)

# Vérifier : le serveur répond qu'il n'y a plus de politique (NoSuchBucketPolicy)
try:
    s3.get_bucket_policy(Bucket=BUCKET)
except s3.exceptions.ClientError as erreur:
    print(erreur.response["Error"]["Code"])
