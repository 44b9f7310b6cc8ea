import os

import s3fs

# Les identifiants sont lus dans les variables d'environnement du service ;
# signature_version="s3v4" : un lien signé selon la norme actuelle (AWS Signature V4)
fs = s3fs.S3FileSystem(
    endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"],
    config_kwargs={"signature_version": "s3v4"},
)

# Un lien qui permet à quiconque le détient de télécharger ce fichier, sans compte,
# pendant 2 heures (expires, en secondes)
lien = fs.url("<mon_bucket>/resultats/synthese.csv", expires=2 * 60 * 60)
print(lien)
