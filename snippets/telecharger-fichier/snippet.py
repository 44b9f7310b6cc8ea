import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Un objet vers un fichier local (le dossier « donnees » est créé au besoin)
fs.get("<mon_bucket>/BPE/2019/BPE_ENS.csv", "donnees/BPE_ENS.csv")

# Tout un « dossier », sous-dossiers compris
fs.get("<mon_bucket>/BPE/2019/", "donnees/BPE_2019/", recursive=True)

for dossier, _, fichiers in os.walk("donnees"):
    for nom in fichiers:
        print(os.path.join(dossier, nom))
