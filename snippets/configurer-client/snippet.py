import os

import s3fs

# Adresse du serveur : la variable AWS_S3_ENDPOINT (sans « https:// »).
# Les identifiants (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)
# sont lus dans l'environnement du service, rien à recopier.
fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Premier niveau du bucket
print(fs.ls("<mon_bucket>"))
