# La CLI AWS lit seule les identifiants du service (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) et la région (AWS_DEFAULT_REGION) ;
# l'adresse du serveur se donne à chaque commande.
aws s3 ls "s3://<mon_bucket>/" --endpoint-url "https://$AWS_S3_ENDPOINT"
