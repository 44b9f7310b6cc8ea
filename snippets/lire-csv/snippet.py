import os

import pandas as pd
import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Codes géographiques lus comme du texte, pour garder les zéros initiaux
codes_texte = {"DEP": str, "DEPCOM": str, "DCIRIS": str}

with fs.open("<mon_bucket>/BPE/2019/BPE_ENS.csv", mode="rb") as fichier:
    bpe = pd.read_csv(fichier, sep=";", dtype=codes_texte)

print(bpe.shape)
print("Nombre d'équipements :", bpe["NB_EQUIP"].sum())
# Les équipements des Alpes-Maritimes (département "06")
print(bpe[bpe["DEP"] == "06"])
