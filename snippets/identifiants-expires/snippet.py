import os

import s3fs

# Les identifiants sont lus dans les variables d'environnement du service
fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Une lecture simple : si les identifiants ont expiré, elle échoue
print(fs.ls("<mon_bucket>"))
