import json
import os

import boto3

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

BUCKET = "<mon_bucket>"

# Les règles de la politique de « mc anonymous set download » : n'importe qui ("*"),
# sans identifiants, peut lister le dossier public/ et en lire les fichiers
regles = [
    {
        "Effect": "Allow",
        "Principal": {"AWS": ["*"]},
        "Action": ["s3:GetBucketLocation"],
        "Resource": [f"arn:aws:s3:::{BUCKET}"],
    },
    {
        "Effect": "Allow",
        "Principal": {"AWS": ["*"]},
        "Action": ["s3:ListBucket"],
        "Resource": [f"arn:aws:s3:::{BUCKET}"],
        "Condition": {"StringLike": {"s3:prefix": ["public/*"]}},
    },
    {
        "Effect": "Allow",
        "Principal": {"AWS": ["*"]},
        "Action": ["s3:GetObject"],
        "Resource": [f"arn:aws:s3:::{BUCKET}/public/*"],
    },
]

# La politique en place, s'il y en a une (celle qu'écrit l'explorateur de fichiers
# d'Onyxia, par exemple) : ses règles sont gardées, les nouvelles s'y ajoutent
try:
    politique = json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])
except s3.exceptions.ClientError as erreur:
    if erreur.response["Error"]["Code"] != "NoSuchBucketPolicy":
        raise
    politique = {"Version": "2012-10-17", "Statement": []}
politique["Statement"] += [r for r in regles if r not in politique["Statement"]]
s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(politique))

# Vérifier la politique en place
print(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])
