import os

import s3fs

# Les identifiants sont lus dans les variables d'environnement du service
fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

BUCKET = "<mon_bucket>"

# Premier niveau du bucket : fichiers et « dossiers » (préfixes)
print(fs.ls(BUCKET))

# Tous les fichiers sous un préfixe, à tous les niveaux, avec leur taille en octets
for chemin, infos in fs.find(BUCKET + "/<dossier>/", detail=True).items():
    print(chemin, infos["size"])
