import os
from getpass import getpass

import boto3
from botocore.exceptions import ClientError

bucket = "<mon_bucket>"
dossier = "resultats/traitement"
adresse = "https://" + os.environ["AWS_S3_ENDPOINT"]


def renouveler():
    """Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
    s'affichent pas et ne restent ni dans le notebook ni dans l'historique."""
    os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
    os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
    os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")


def traiter(partie):
    # Votre calcul, pour une partie des données : ici, un carré
    return f"partie,carre\n{partie},{partie * partie}\n"


s3 = boto3.Session().client("s3", endpoint_url=adresse)
for partie in range(1, 5):
    cle = f"{dossier}/partie-{partie}.csv"
    resultat = traiter(partie).encode("utf-8")
    try:
        s3.put_object(Bucket=bucket, Key=cle, Body=resultat)
    except ClientError:
        # Les identifiants ont expiré pendant le traitement : on les renouvelle,
        # puis on recrée le client depuis une session neuve (boto3.client() garde
        # ceux de la session par défaut) et on écrit de nouveau la même partie
        print("expirés avant :", cle)
        renouveler()
        s3 = boto3.Session().client("s3", endpoint_url=adresse)
        s3.put_object(Bucket=bucket, Key=cle, Body=resultat)
    print("écrit :", cle)
