# Copier le dossier local rapports/ dans le bucket : envoie tout, ne supprime rien
aws s3 cp rapports "s3://<mon_bucket>/rapports/" --recursive --no-progress \
  --endpoint-url "https://$AWS_S3_ENDPOINT"

# Synchroniser : n'envoie que ce qui manque ou a changé. Avec --delete, supprime
# aussi du bucket ce qui n'est plus dans le dossier local (ici 2023.csv).
# --dryrun d'abord : affiche ce qui serait fait, sans rien faire
aws s3 sync rapports "s3://<mon_bucket>/rapports/" --delete --dryrun \
  --endpoint-url "https://$AWS_S3_ENDPOINT"
