# Des liens signés selon la norme actuelle (AWS Signature V4) : sans ce réglage, gardé
# dans ~/.aws/config, la CLI AWS signe à l'ancienne norme, que le serveur peut refuser
aws configure set default.s3.signature_version s3v4

# Un lien qui permet à quiconque le détient de télécharger ce fichier, sans compte,
# pendant 2 heures (--expires-in, en secondes : 1 heure par défaut, 7 jours au plus)
aws s3 presign "s3://<mon_bucket>/resultats/synthese.csv" --expires-in 7200 \
  --endpoint-url "https://$AWS_S3_ENDPOINT"
