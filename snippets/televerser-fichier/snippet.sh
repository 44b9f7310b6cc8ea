# Un fichier du disque du service vers son bucket
mc cp estimation.csv "s3/<mon_bucket>/<dossier>/estimation.csv"

# Tout un dossier, sous-dossiers compris : gardez les « / » finaux
mc cp --recursive figures/ "s3/<mon_bucket>/<dossier>/figures/"

mc ls --recursive "s3/<mon_bucket>/<dossier>/"
