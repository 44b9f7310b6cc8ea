library(aws.s3)

bucket <- "<mon_bucket>"

# Supprime toute la politique du bucket : plus aucun accès anonyme, à aucun dossier
# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur
delete_bucket_policy(bucket, region = "")

# delete_bucket_policy() renvoie TRUE même si le serveur refuse la suppression (il
# affiche seulement « Client error: (403) Forbidden ») : on vérifie. get_bucket_policy()
# ne lève pas d'erreur : avec parse_response = FALSE, elle renvoie la réponse HTTP,
# NoSuchBucketPolicy (404) s'il n'y a plus de politique
reponse <- get_bucket_policy(bucket, parse_response = FALSE, region = "")
texte <- httr::content(reponse, "text", encoding = "UTF-8")
if (!grepl("NoSuchBucketPolicy", texte, fixed = TRUE)) {
  stop("La politique du bucket ", bucket, " est toujours en place")
}
cat("Plus aucune politique sur le bucket", bucket, "(NoSuchBucketPolicy)\n")
