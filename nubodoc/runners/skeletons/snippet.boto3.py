import os

import boto3

# boto3 lit seul les identifiants du service (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) ; l'adresse du serveur se donne ici.
s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

reponse = s3.list_objects_v2(Bucket="<mon_bucket>")
for objet in reponse.get("Contents", []):
    print(objet["Key"], objet["Size"])
