import os

import pandas as pd
import s3fs

# Les clés du bucket partagé, rangées dans "Mes secrets" et injectées dans le service.
# Passées explicitement, elles remplacent les identifiants personnels du service
# (clés permanentes : pas de jeton de session)
fs = s3fs.S3FileSystem(
    endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"],
    key=os.environ["PARTAGE_ACCESS_KEY_ID"],
    secret=os.environ["PARTAGE_SECRET_ACCESS_KEY"],
)

BUCKET = "projet-partage"

# Lister, lire…
print(fs.find(BUCKET))

with fs.open(f"{BUCKET}/donnees/BPE_ENS.csv", mode="rb") as fichier:
    bpe = pd.read_csv(fichier, sep=";", dtype={"DEP": str, "DEPCOM": str, "DCIRIS": str})
print(bpe.shape)

# … et écrire, pour les autres membres du projet
par_dep = bpe.groupby("DEP", as_index=False)["NB_EQUIP"].sum()
with fs.open(f"{BUCKET}/resultats/equipements_par_dep.csv", mode="w") as fichier:
    par_dep.to_csv(fichier, sep=";", index=False)
