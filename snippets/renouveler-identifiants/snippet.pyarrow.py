import os
from getpass import getpass

from pyarrow import fs


def systeme_de_fichiers():
    """Le stockage, avec les identifiants des variables du moment."""
    return fs.S3FileSystem(
        endpoint_override=os.environ["AWS_S3_ENDPOINT"],
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        session_token=os.environ["AWS_SESSION_TOKEN"],
        region=os.environ["AWS_DEFAULT_REGION"],
    )


# Avant : l'objet garde les identifiants reçus au démarrage, qui ont expiré
s3 = systeme_de_fichiers()
try:
    s3.get_file_info(fs.FileSelector("<mon_bucket>"))
except OSError as erreur:
    print("Avant : échec,", erreur)

# Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
# s'affichent pas et ne restent ni dans le notebook ni dans l'historique
os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")

# Un S3FileSystem ne change pas d'identifiants : créez-en un autre
s3 = systeme_de_fichiers()

# Après : les appels fonctionnent
fs.copy_files("resultats.csv", "<mon_bucket>/resultats.csv",
              source_filesystem=fs.LocalFileSystem(), destination_filesystem=s3)
print("Après :", [f.path for f in s3.get_file_info(fs.FileSelector("<mon_bucket>"))])
