library(aws.s3)

# aws.s3 lit seul les variables d'environnement du service :
# AWS_S3_ENDPOINT (adresse du serveur), AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN (identifiants temporaires).
mon_bucket <- "<mon_bucket>"

# region = "" dans chaque appel : sinon aws.s3 ajoute « us-east-1. » devant le nom du serveur
if (!bucket_exists(mon_bucket, region = "")) {
  stop("Bucket introuvable ou accès refusé : identifiants expirés ?")
}
cat("Accès au bucket", mon_bucket, ": OK\n")

# Tous les fichiers du bucket, sous-dossiers compris (les 1 000 premiers)
print(get_bucket_df(mon_bucket, region = "")$Key)
