import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Un fichier du disque du service vers son bucket
fs.put("estimation.csv", "<mon_bucket>/<dossier>/estimation.csv")

# Tout un dossier, sous-dossiers compris
fs.put("figures/", "<mon_bucket>/<dossier>/figures/", recursive=True)

for chemin in fs.find("<mon_bucket>/<dossier>/"):
    print(chemin)
