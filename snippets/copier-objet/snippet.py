import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Copie faite par le serveur : les données ne passent pas par le service.
# Depuis un autre bucket (un bucket partagé, par exemple) : changez le premier chemin
fs.copy("<mon_bucket>/BPE/2019/BPE_ENS.csv", "<mon_bucket>/donnees/BPE_ENS_2019.csv")

print(fs.ls("<mon_bucket>/donnees"))
