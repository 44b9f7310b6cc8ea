import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# fs.mv copie l'objet côté serveur, puis supprime l'original
fs.mv("<mon_bucket>/travail/estimation.csv", "<mon_bucket>/publication/estimation_2019.csv")

print(fs.find("<mon_bucket>"))
