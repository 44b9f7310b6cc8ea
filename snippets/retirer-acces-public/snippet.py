import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

BUCKET = "<mon_bucket>"

# Supprime toute la politique du bucket : plus aucun accès anonyme, à aucun dossier
# (call_s3 envoie une requête S3 que s3fs n'a pas en méthode)
fs.call_s3("delete_bucket_policy", Bucket=BUCKET)

# Vérifier : le serveur répond qu'il n'y a plus de politique (NoSuchBucketPolicy)
try:
    fs.call_s3("get_bucket_policy", Bucket=BUCKET)
except OSError as erreur:
    # s3fs traduit l'erreur du serveur ; sa réponse d'origine est dans __cause__
    print(erreur.__cause__.response["Error"]["Code"])
