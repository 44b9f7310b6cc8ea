import os

import pandas as pd
import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Lire une table SAS : l'objet ouvert en binaire n'a pas de nom de fichier, d'où
# format="sas7bdat" ; encoding="infer" décode le texte selon l'encodage noté dans la table
with fs.open("<mon_bucket>/donnees/equipements.sas7bdat", mode="rb") as fichier:
    equipements = pd.read_sas(fichier, format="sas7bdat", encoding="infer")

print(equipements.shape)
print(equipements)
