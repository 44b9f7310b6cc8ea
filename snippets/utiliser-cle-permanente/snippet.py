import os

import s3fs

# La clé permanente, rangée dans "Mes secrets" (ou dans les variables secrètes de
# l'outil qui lance le traitement). Passée explicitement, elle remplace les identifiants
# temporaires du service ; clé permanente : pas de jeton de session
fs = s3fs.S3FileSystem(
    endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"],
    key=os.environ["TRAITEMENT_ACCESS_KEY_ID"],
    secret=os.environ["TRAITEMENT_SECRET_ACCESS_KEY"],
    token=None,
)

BUCKET = "<mon_bucket>"

# Déposer le fichier produit par le traitement…
fs.put("rapport.csv", f"{BUCKET}/rapports/rapport.csv")

# … et vérifier le contenu du dossier
for objet in fs.ls(f"{BUCKET}/rapports/", detail=True):
    print(objet["name"], objet["size"])
