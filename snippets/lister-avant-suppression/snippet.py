import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Les objets que la suppression du dossier « <dossier>/ » emporterait, à tous les
# niveaux (la barre finale évite de viser aussi « brouillons-importants/ »)
print(fs.find("<mon_bucket>/<dossier>/"))
