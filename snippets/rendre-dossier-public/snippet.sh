# N'importe qui, sans identifiants, peut désormais lister le dossier public/
# de votre bucket et en lire les fichiers (download : lecture seule)
mc anonymous set download "s3/<mon_bucket>/public/"

# Vérifier : les règles d'accès anonyme en place dans le bucket
mc anonymous list "s3/<mon_bucket>"
