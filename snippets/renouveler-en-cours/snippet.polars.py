import os
from getpass import getpass

import polars as pl

dossier = "s3://<mon_bucket>/resultats/traitement"


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


def renouveler():
    """Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
    s'affichent pas et ne restent ni dans le notebook ni dans l'historique."""
    os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
    os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
    os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")


def traiter(partie):
    # Votre calcul, pour une partie des données : ici, un carré
    return pl.DataFrame({"partie": [partie], "carre": [partie * partie]})


for partie in range(1, 5):
    chemin = f"{dossier}/partie-{partie}.csv"
    resultat = traiter(partie)
    try:
        resultat.write_csv(chemin, storage_options=stockage())
    except Exception:
        # Les identifiants ont expiré pendant le traitement : on les renouvelle ;
        # chaque appel reçoit les réglages du moment, la même partie s'écrit de nouveau
        print("expirés avant :", chemin.split("/", 3)[3])
        renouveler()
        resultat.write_csv(chemin, storage_options=stockage())
    print("écrit :", chemin.split("/", 3)[3])
