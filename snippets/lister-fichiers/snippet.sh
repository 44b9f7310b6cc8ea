# L'alias « s3 » est déjà configuré dans les services (variable MC_HOST_s3)
mc ls "s3/<mon_bucket>"

# Tous les fichiers sous un préfixe, à tous les niveaux, avec le total
mc ls --recursive --summarize "s3/<mon_bucket>/<dossier>/"
