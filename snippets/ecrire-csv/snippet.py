import os

import pandas as pd
import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

equipements = pd.DataFrame({
    "DEP": ["75", "92", "06"],
    "TYPEQU": ["C101", "C201", "C101"],
    "NB_EQUIP": [3, 2, 2],
})

# Ouvrir l'objet en écriture, comme un fichier local
with fs.open("<mon_bucket>/<dossier>/equipements.csv", mode="w", encoding="utf-8") as fichier:
    equipements.to_csv(fichier, sep=";", index=False)

# Vérifier que le fichier est bien là
print(fs.ls("<mon_bucket>/<dossier>"))
