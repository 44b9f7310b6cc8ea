import os

import pandas as pd
import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

equipements = pd.DataFrame({
    "DEP": ["75", "92", "06"],
    "TYPEQU": ["C101", "C201", "C101"],
    "NB_EQUIP": [3, 2, 2],
})

# Écrire un classeur Excel (openpyxl, installé d'abord) : objet ouvert en binaire
with fs.open("<mon_bucket>/resultats/equipements.xlsx", mode="wb") as fichier:
    equipements.to_excel(fichier, sheet_name="equipements", index=False)

# Lire une feuille du classeur, codes de département en texte
with fs.open("<mon_bucket>/resultats/equipements.xlsx", mode="rb") as fichier:
    relu = pd.read_excel(fichier, sheet_name="equipements", dtype={"DEP": str})

print(relu)
