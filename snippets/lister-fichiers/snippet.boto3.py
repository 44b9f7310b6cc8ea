import os

import boto3

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Tous les fichiers du bucket, à tous les niveaux, avec leur taille en octets.
# Une réponse compte au plus 1 000 objets : le paginateur enchaîne les pages.
pages = s3.get_paginator("list_objects_v2").paginate(Bucket="<mon_bucket>")
for page in pages:
    for objet in page.get("Contents", []):
        print(objet["Key"], objet["Size"])
