import os

import s3fs

adresse = "https://" + os.environ["AWS_S3_ENDPOINT"]

# Avant : les identifiants reçus au démarrage ont expiré, l'appel échoue
fs = s3fs.S3FileSystem(endpoint_url=adresse)
try:
    fs.ls("<mon_bucket>")
except PermissionError as erreur:
    print("Avant : échec,", erreur)

# Les identifiants neufs, copiés depuis Onyxia, remplacent les anciens
os.environ["AWS_ACCESS_KEY_ID"] = "<nouvelle_cle_d_acces>"
os.environ["AWS_SECRET_ACCESS_KEY"] = "<nouvelle_cle_secrete>"
os.environ["AWS_SESSION_TOKEN"] = "<nouveau_jeton>"

# s3fs réutilise l'objet déjà créé (et ses anciens identifiants) :
# videz son cache, puis créez l'objet de nouveau
s3fs.S3FileSystem.clear_instance_cache()
fs = s3fs.S3FileSystem(endpoint_url=adresse)

# Après : les appels fonctionnent
fs.put("resultats.csv", "<mon_bucket>/resultats.csv")
print("Après :", fs.ls("<mon_bucket>", detail=False))
