# Le « remote » s3 de rclone, déclaré par des variables d'environnement à partir
# de celles du service (voir « Configurer son client »)
export RCLONE_CONFIG_S3_TYPE=s3
export RCLONE_CONFIG_S3_PROVIDER=Minio
export RCLONE_CONFIG_S3_ENV_AUTH=true
export RCLONE_CONFIG_S3_ENDPOINT="https://$AWS_S3_ENDPOINT"
export RCLONE_CONFIG_S3_REGION="$AWS_DEFAULT_REGION"

# Premier niveau du bucket : « dossiers » (préfixes) puis fichiers
rclone lsf "s3:<mon_bucket>"

# Tous les fichiers du bucket, à tous les niveaux, avec leur taille en octets
rclone ls "s3:<mon_bucket>"
