import os

import pandas as pd
import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

CHEMIN = "<mon_bucket>/BPE/2019/BPE_ENS.csv"

# s3fs lit l'objet par blocs et pandas rend un morceau de chunksize lignes
# à la fois : seul le morceau en cours est en mémoire.
total = 0
nb_morceaux = 0
with fs.open(CHEMIN, mode="rb") as fichier:
    # 4 lignes pour l'exemple ; en pratique 100 000 ou plus
    for morceau in pd.read_csv(fichier, sep=";", dtype={"DEP": str}, chunksize=4):
        total += morceau["NB_EQUIP"].sum()
        nb_morceaux += 1
print("Morceaux lus :", nb_morceaux)
print("Nombre d'équipements :", total)

# Seulement le début de l'objet (requête « Range ») : les 100 premiers octets
print(fs.cat_file(CHEMIN, start=0, end=100).decode("utf-8"))
