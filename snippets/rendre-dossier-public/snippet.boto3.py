import json
import os

import boto3

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

BUCKET = "<mon_bucket>"

# La même politique que « mc anonymous set download » : n'importe qui ("*"),
# sans identifiants, peut lister le dossier public/ et en lire les fichiers
politique = {
    "Version": "2012-10-17",
    "Statement": [
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
    ],
}

# Attention : cette politique remplace celle que le bucket avait peut-être déjà
s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(politique))

# Vérifier la politique en place
print(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])
