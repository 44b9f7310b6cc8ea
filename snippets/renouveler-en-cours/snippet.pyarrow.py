import os
from getpass import getpass

from pyarrow import fs

dossier = "<mon_bucket>/resultats/traitement"


def systeme_de_fichiers():
    """Le stockage, avec les identifiants des variables du moment."""
    return fs.S3FileSystem(
        endpoint_override=os.environ["AWS_S3_ENDPOINT"],
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        session_token=os.environ["AWS_SESSION_TOKEN"],
        region=os.environ["AWS_DEFAULT_REGION"],
    )


def renouveler():
    """Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
    s'affichent pas et ne restent ni dans le notebook ni dans l'historique."""
    os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
    os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
    os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")


def traiter(partie):
    # Votre calcul, pour une partie des données : ici, un carré
    return f"partie,carre\n{partie},{partie * partie}\n".encode()


def ecrire(s3, chemin, contenu):
    """Écrit *contenu* dans l'objet *chemin*."""
    with s3.open_output_stream(chemin) as flux:
        flux.write(contenu)


s3 = systeme_de_fichiers()
for partie in range(1, 5):
    chemin = f"{dossier}/partie-{partie}.csv"
    resultat = traiter(partie)
    try:
        ecrire(s3, chemin, resultat)
    except OSError:
        # Les identifiants ont expiré pendant le traitement : on les renouvelle ; un
        # S3FileSystem ne change pas d'identifiants, on en crée un autre
        print("expirés avant :", chemin.split("/", 1)[1])
        renouveler()
        s3 = systeme_de_fichiers()
        ecrire(s3, chemin, resultat)
    print("écrit :", chemin.split("/", 1)[1])
