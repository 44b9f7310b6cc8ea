# Premier niveau du bucket : « dossiers » (PRE) puis fichiers
aws s3 ls "s3://<mon_bucket>/" --endpoint-url "https://$AWS_S3_ENDPOINT"

# Tous les fichiers sous un préfixe, à tous les niveaux, avec leur taille en octets
aws s3 ls "s3://<mon_bucket>/<dossier>/" --recursive --endpoint-url "https://$AWS_S3_ENDPOINT"
