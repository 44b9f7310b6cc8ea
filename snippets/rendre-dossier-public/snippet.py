import json
import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

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
# (call_s3 envoie une requête S3 que s3fs n'a pas en méthode)
try:
    politique = json.loads(fs.call_s3("get_bucket_policy", Bucket=BUCKET)["Policy"])
except OSError as erreur:
    # s3fs traduit l'erreur du serveur ; sa réponse d'origine est dans __cause__
    if erreur.__cause__.response["Error"]["Code"] != "NoSuchBucketPolicy":
        raise
    politique = {"Version": "2012-10-17", "Statement": []}
politique["Statement"] += [r for r in regles if r not in politique["Statement"]]
fs.call_s3("put_bucket_policy", Bucket=BUCKET, Policy=json.dumps(politique))

# Vérifier la politique en place
print(fs.call_s3("get_bucket_policy", Bucket=BUCKET)["Policy"])
