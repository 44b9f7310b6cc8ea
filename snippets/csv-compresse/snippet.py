import os

import pandas as pd
import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

equipements = pd.DataFrame({
    "DEP": ["75", "92", "06"],
    "TYPEQU": ["C101", "C201", "C101"],
    "NB_EQUIP": [3, 2, 2],
})

# Écrire un CSV compressé (gzip) : l'objet est ouvert en binaire ("wb")
with fs.open("<mon_bucket>/<dossier>/equipements.csv.gz", mode="wb") as fichier:
    equipements.to_csv(fichier, sep=";", index=False, compression="gzip")

# Le lire : pandas le décompresse à la lecture
with fs.open("<mon_bucket>/<dossier>/equipements.csv.gz", mode="rb") as fichier:
    relu = pd.read_csv(fichier, sep=";", compression="gzip", dtype={"DEP": str})

print(relu)
# Les deux premiers octets d'un fichier gzip sont 1f 8b
with fs.open("<mon_bucket>/<dossier>/equipements.csv.gz", mode="rb") as fichier:
    print("Compressé (gzip) :", fichier.read(2) == b"\x1f\x8b")
