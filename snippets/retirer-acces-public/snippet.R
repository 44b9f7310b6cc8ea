library(aws.s3)

bucket <- "<mon_bucket>"

# Supprime toute la politique du bucket : plus aucun accès anonyme, à aucun dossier
# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur
delete_bucket_policy(bucket, region = "")

# Vérifier : le serveur répond qu'il n'y a plus de politique (NoSuchBucketPolicy)
cat(get_bucket_policy(bucket, region = ""), "\n")
