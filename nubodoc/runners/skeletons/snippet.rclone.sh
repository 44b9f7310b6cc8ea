# rclone n'a pas d'alias prédéfini : on déclare un « remote » nommé s3 par des
# variables d'environnement. env_auth : identifiants lus dans AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN, ceux du service.
export RCLONE_CONFIG_S3_TYPE=s3
export RCLONE_CONFIG_S3_PROVIDER=Minio
export RCLONE_CONFIG_S3_ENV_AUTH=true
export RCLONE_CONFIG_S3_ENDPOINT="https://$AWS_S3_ENDPOINT"
export RCLONE_CONFIG_S3_REGION="$AWS_DEFAULT_REGION"

# Fichiers du bucket, avec leur taille en octets
rclone ls "s3:<mon_bucket>"
