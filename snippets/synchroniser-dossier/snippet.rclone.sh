# Le « remote » s3 de rclone, déclaré par des variables d'environnement à partir
# de celles du service (voir « Configurer son client »)
export RCLONE_CONFIG_S3_TYPE=s3
export RCLONE_CONFIG_S3_PROVIDER=Minio
export RCLONE_CONFIG_S3_ENV_AUTH=true
export RCLONE_CONFIG_S3_ENDPOINT="https://$AWS_S3_ENDPOINT"
export RCLONE_CONFIG_S3_REGION="$AWS_DEFAULT_REGION"

# Copier le dossier local rapports/ dans le bucket : envoie ce qui manque ou a
# changé, ne supprime rien
rclone copy rapports "s3:<mon_bucket>/rapports"
rclone ls "s3:<mon_bucket>/rapports"

# Synchroniser : le dossier du bucket devient la copie exacte du dossier local.
# rclone sync SUPPRIME du bucket ce qui n'est plus dans le dossier local (ici
# 2023.csv). --dry-run d'abord : affiche ce qui serait fait, sans rien faire
rclone sync --dry-run rapports "s3:<mon_bucket>/rapports"
