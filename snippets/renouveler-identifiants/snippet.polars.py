import os
from getpass import getpass

import polars as pl


def stockage():
    """Les réglages de polars, lus des variables du moment (et non gardés ailleurs)."""
    return {
        "aws_endpoint_url": "https://" + os.environ["AWS_S3_ENDPOINT"],
        "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
        "aws_session_token": os.environ["AWS_SESSION_TOKEN"],
        "aws_region": os.environ["AWS_DEFAULT_REGION"],
        "aws_virtual_hosted_style_request": "false",
    }


resultats = pl.read_csv("resultats.csv", separator=";", schema_overrides={"DEP": pl.String})

# Avant : les identifiants reçus au démarrage ont expiré, l'écriture échoue
try:
    resultats.write_csv("s3://<mon_bucket>/resultats.csv", separator=";",
                        storage_options=stockage())
except Exception as erreur:
    print("Avant : échec,", "InvalidAccessKeyId" if "InvalidAccessKeyId" in str(erreur)
          else type(erreur).__name__)

# Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
# s'affichent pas et ne restent ni dans le notebook ni dans l'historique
os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")

# Après : chaque appel reçoit les réglages du moment, l'écriture fonctionne
resultats.write_csv("s3://<mon_bucket>/resultats.csv", separator=";",
                    storage_options=stockage())
relu = pl.read_csv("s3://<mon_bucket>/resultats.csv", separator=";",
                   schema_overrides={"DEP": pl.String}, storage_options=stockage())
print("Après :", relu.height, "lignes")
