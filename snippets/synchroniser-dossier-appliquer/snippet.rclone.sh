# Le « remote » s3 de rclone, déclaré par des variables d'environnement à partir
# de celles du service (voir « Configurer son client »)
export RCLONE_CONFIG_S3_TYPE=s3
export RCLONE_CONFIG_S3_PROVIDER=Minio
export RCLONE_CONFIG_S3_ENV_AUTH=true
export RCLONE_CONFIG_S3_ENDPOINT="https://$AWS_S3_ENDPOINT"
export RCLONE_CONFIG_S3_REGION="$AWS_DEFAULT_REGION"

# Après avoir relu la simulation : la synchronisation, pour de bon
rclone sync rapports "s3:<mon_bucket>/rapports"
