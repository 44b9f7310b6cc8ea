import os

import pandas as pd
import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Lire le CSV d'origine (codes géographiques en texte)
with fs.open("<mon_bucket>/BPE/2019/BPE_ENS.csv", mode="rb") as fichier:
    bpe = pd.read_csv(fichier, sep=";", dtype={"DEP": str, "DEPCOM": str, "DCIRIS": str})

# L'écrire en Parquet dans son bucket (pandas utilise pyarrow)
with fs.open("<mon_bucket>/resultats/bpe_2019.parquet", mode="wb") as fichier:
    bpe.to_parquet(fichier, index=False)

# Le relire en ne prenant que deux colonnes ; les types sont conservés :
# DEP reste du texte, le zéro de "06" aussi
with fs.open("<mon_bucket>/resultats/bpe_2019.parquet", mode="rb") as fichier:
    extrait = pd.read_parquet(fichier, columns=["DEP", "NB_EQUIP"])

print(extrait.groupby("DEP")["NB_EQUIP"].sum())
