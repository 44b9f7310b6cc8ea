import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Un fichier d'au moins deux fois chunksize part en plusieurs parties de chunksize
# octets, envoyées à plusieurs en parallèle ; plus petit, il part en une seule requête.
MIO = 1024 ** 2
fs.put("export_complet.zip", "<mon_bucket>/sauvegardes/export_complet.zip",
       chunksize=10 * MIO)

# Taille et ETag de l'objet : « -2 » à la fin de l'ETag = envoyé en 2 parties
infos = fs.info("<mon_bucket>/sauvegardes/export_complet.zip")
print(infos["size"], infos["ETag"])
