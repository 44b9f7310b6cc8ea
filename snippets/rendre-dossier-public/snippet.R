library(aws.s3)

bucket <- "<mon_bucket>"
ressource <- sprintf("arn:aws:s3:::%s", bucket)
public <- list(AWS = list("*"))

# Les règles de la politique de « mc anonymous set download » : n'importe qui ("*"),
# sans identifiants, peut lister le dossier public/ et en lire les fichiers
regles <- list(
  list(Effect = "Allow", Principal = public, Action = list("s3:GetBucketLocation"),
       Resource = list(ressource)),
  list(Effect = "Allow", Principal = public, Action = list("s3:ListBucket"),
       Resource = list(ressource),
       Condition = list(StringLike = list("s3:prefix" = list("public/*")))),
  list(Effect = "Allow", Principal = public, Action = list("s3:GetObject"),
       Resource = list(paste0(ressource, "/public/*")))
)

# La politique en place, s'il y en a une (celle qu'écrit l'explorateur de fichiers
# d'Onyxia, par exemple) : ses règles sont gardées, les nouvelles s'y ajoutent.
# parse_response = FALSE : la réponse HTTP elle-même, dont on lit le code
# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur
reponse <- get_bucket_policy(bucket, parse_response = FALSE, region = "")
if (httr::status_code(reponse) == 200) {
  politique <- jsonlite::fromJSON(httr::content(reponse, "text", encoding = "UTF-8"),
                                  simplifyVector = FALSE)
} else if (httr::status_code(reponse) == 404) {
  politique <- list(Version = "2012-10-17", Statement = list())
} else {
  stop("Politique du bucket illisible : HTTP ", httr::status_code(reponse))
}
politique$Statement <- c(politique$Statement, regles[!regles %in% politique$Statement])
put_bucket_policy(bucket, jsonlite::toJSON(politique, auto_unbox = TRUE), region = "")

# Vérifier la politique en place
cat(get_bucket_policy(bucket, region = ""), "\n")
