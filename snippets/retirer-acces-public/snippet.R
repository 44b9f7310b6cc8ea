library(aws.s3)

bucket <- "<mon_bucket>"

# Supprime toute la politique du bucket : plus aucun accès anonyme, à aucun dossier
# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur
delete_bucket_policy(bucket, region = "")

# delete_bucket_policy() renvoie TRUE même si le serveur refuse la suppression (il
# affiche seulement « Client error: (403) Forbidden ») : on vérifie. S'il n'y a plus
# de politique, le serveur répond NoSuchBucketPolicy, qu'aws.s3 affiche puis lève
reste <- tryCatch(get_bucket_policy(bucket, region = ""), error = function(erreur) NULL)
if (!is.null(reste)) {
  stop("La politique du bucket ", bucket, " est toujours en place")
}
cat("Plus aucune politique sur le bucket", bucket, "\n")
