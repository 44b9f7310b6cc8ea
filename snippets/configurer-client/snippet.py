import os

import boto3
import s3fs

# Adresse du serveur : la variable AWS_S3_ENDPOINT (sans « https:// »).
# Les identifiants (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)
# sont lus dans l'environnement du service, rien à recopier.
ENDPOINT_URL = "https://" + os.environ["AWS_S3_ENDPOINT"]

# s3fs : manipuler le stockage comme un système de fichiers (utilisé par pandas)
fs = s3fs.S3FileSystem(endpoint_url=ENDPOINT_URL)
print(fs.ls("<mon_bucket>"))

# boto3 : le client bas niveau d'AWS, pour les opérations fines
s3 = boto3.client("s3", endpoint_url=ENDPOINT_URL)
reponse = s3.list_objects_v2(Bucket="<mon_bucket>")
for objet in reponse.get("Contents", []):
    print(objet["Key"], objet["Size"])
