import os
from getpass import getpass

import boto3
from botocore.exceptions import ClientError

adresse = "https://" + os.environ["AWS_S3_ENDPOINT"]

# Avant : le client garde les identifiants reçus au démarrage, qui ont expiré
s3 = boto3.client("s3", endpoint_url=adresse)
try:
    s3.list_objects_v2(Bucket="<mon_bucket>")
except ClientError as erreur:
    print("Avant : échec,", erreur.response["Error"]["Code"])

# Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
# s'affichent pas et ne restent ni dans le notebook ni dans l'historique
os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")

# boto3.client() réutilise la session par défaut et ses anciens identifiants :
# créez le client depuis une session neuve, qui relit les variables
s3 = boto3.Session().client("s3", endpoint_url=adresse)

# Après : les appels fonctionnent
s3.upload_file("resultats.csv", "<mon_bucket>", "resultats.csv")
reponse = s3.list_objects_v2(Bucket="<mon_bucket>")
print("Après :", [objet["Key"] for objet in reponse["Contents"]])
