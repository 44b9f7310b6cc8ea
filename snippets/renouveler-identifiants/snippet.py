import os
from getpass import getpass

import s3fs

adresse = "https://" + os.environ["AWS_S3_ENDPOINT"]

# Avant : les identifiants reçus au démarrage ont expiré, l'appel échoue
fs = s3fs.S3FileSystem(endpoint_url=adresse)
try:
    fs.ls("<mon_bucket>")
except PermissionError as erreur:
    print("Avant : échec,", erreur)

# Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
# s'affichent pas et ne restent ni dans le notebook ni dans l'historique
os.environ["AWS_ACCESS_KEY_ID"] = getpass("Nouvel identifiant de clé : ")
os.environ["AWS_SECRET_ACCESS_KEY"] = getpass("Nouvelle clé secrète : ")
os.environ["AWS_SESSION_TOKEN"] = getpass("Nouveau jeton de session : ")

# s3fs réutilise l'objet déjà créé (et ses anciens identifiants) :
# videz son cache, puis créez l'objet de nouveau
s3fs.S3FileSystem.clear_instance_cache()
fs = s3fs.S3FileSystem(endpoint_url=adresse)

# Après : les appels fonctionnent
fs.put("resultats.csv", "<mon_bucket>/resultats.csv")
print("Après :", fs.ls("<mon_bucket>", detail=False))
