import os

import pandas as pd
import s3fs

# anon=True : aucune requête n'est signée, même si l'environnement contient des
# identifiants (ceux d'un service ne donnent pas accès aux buckets des autres)
fs = s3fs.S3FileSystem(anon=True, endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Le contenu du dossier public
print(fs.ls("<bucket_source>/public"))

# Codes géographiques lus comme du texte, pour garder les zéros initiaux
codes_texte = {"DEP": str, "DEPCOM": str, "DCIRIS": str}

with fs.open("<bucket_source>/public/BPE_ENS.csv", mode="rb") as fichier:
    bpe = pd.read_csv(fichier, sep=";", dtype=codes_texte)

print(bpe.shape)
print(bpe[bpe["DEP"] == "06"])
