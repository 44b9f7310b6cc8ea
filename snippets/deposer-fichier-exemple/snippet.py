import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Le fichier BPE_ENS.csv, dans le dossier de travail (os.getcwd()), part dans votre
# bucket sous la clé BPE/2019/BPE_ENS.csv
fs.put("BPE_ENS.csv", "<mon_bucket>/BPE/2019/BPE_ENS.csv")

# Vérification : la clé est dans le bucket
print(fs.find("<mon_bucket>/BPE/"))
