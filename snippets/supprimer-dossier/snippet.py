import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Un « dossier » n'est qu'un préfixe : recursive=True supprime tous les objets
# sous « <dossier>/ », à tous les niveaux (« brouillons-importants/ » n'est pas touché).
# Vérifiez d'abord ce qui sera supprimé avec l'extrait précédent.
fs.rm("<mon_bucket>/<dossier>/", recursive=True)

# Ce qui reste
print(fs.find("<mon_bucket>"))
