import os

import boto3

# La clé permanente, rangée dans "Mes secrets" (ou dans les variables secrètes de
# l'outil qui lance le traitement). Passée explicitement, elle remplace les identifiants
# temporaires du service ; clé permanente : pas de jeton de session
s3 = boto3.client(
    "s3",
    endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"],
    aws_access_key_id=os.environ["TRAITEMENT_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["TRAITEMENT_SECRET_ACCESS_KEY"],
)

BUCKET = "<mon_bucket>"

# Déposer le fichier produit par le traitement…
s3.upload_file("rapport.csv", BUCKET, "rapports/rapport.csv")

# … et vérifier le contenu du dossier
reponse = s3.list_objects_v2(Bucket=BUCKET, Prefix="rapports/")
for objet in reponse.get("Contents", []):
    print(objet["Key"], objet["Size"])
