import os
from getpass import getpass

import s3fs

bucket = "<mon_bucket>"
dossier = "resultats/traitement"


def stockage():
    """Le stockage, avec les identifiants des variables du moment."""
    return s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"],
                             skip_instance_cache=True)


def renouveler():
    """Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
    s'affichent pas et ne restent ni dans le notebook ni dans l'historique."""
    os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
    os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
    os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")


def traiter(partie):
    # Votre calcul, pour une partie des données : ici, un carré
    return f"partie,carre\n{partie},{partie * partie}\n"


fs = stockage()
for partie in range(1, 5):
    cle = f"{dossier}/partie-{partie}.csv"
    resultat = traiter(partie).encode("utf-8")
    try:
        fs.pipe(f"{bucket}/{cle}", resultat)
    except PermissionError:
        # Les identifiants ont expiré pendant le traitement : on les renouvelle,
        # puis on écrit de nouveau la même partie, sans refaire les précédentes
        print("expirés avant :", cle)
        renouveler()
        fs = stockage()
        fs.pipe(f"{bucket}/{cle}", resultat)
    print("écrit :", cle)
