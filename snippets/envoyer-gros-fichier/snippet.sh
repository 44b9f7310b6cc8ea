# mc cp découpe de lui-même les gros fichiers en parties et les envoie en parallèle
mc cp export_complet.zip "s3/<mon_bucket>/sauvegardes/export_complet.zip"

# Taille et ETag de l'objet : « -N » à la fin de l'ETag = envoyé en N parties
mc stat "s3/<mon_bucket>/sauvegardes/export_complet.zip"
