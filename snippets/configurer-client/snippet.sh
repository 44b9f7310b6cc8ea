# Dans un service, l'alias « s3 » est déjà défini par la variable MC_HOST_s3 :
# rien à configurer. Vérifier l'accès en listant son bucket personnel.
mc ls "s3/<mon_bucket>"
