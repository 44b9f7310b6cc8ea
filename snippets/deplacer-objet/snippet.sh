# mc mv copie l'objet côté serveur, puis supprime l'original
mc mv "s3/<mon_bucket>/travail/estimation.csv" "s3/<mon_bucket>/publication/estimation_2019.csv"

mc ls --recursive "s3/<mon_bucket>"
