# Après avoir relu la simulation : la synchronisation, pour de bon
aws s3 sync rapports "s3://<mon_bucket>/rapports/" --delete --no-progress \
  --endpoint-url "https://$AWS_S3_ENDPOINT"
