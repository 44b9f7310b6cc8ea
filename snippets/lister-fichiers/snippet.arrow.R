library(arrow)

# Une variable absente donne "" : arrow partirait avec une valeur vide (un autre
# serveur, des identifiants vides) et l'erreur ne dirait pas pourquoi. On s'arrête
# tout de suite, en la nommant.
variables <- c("AWS_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
               "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION")
absentes <- variables[!nzchar(Sys.getenv(variables))]
if (length(absentes) > 0) {
  stop("Absentes de l'environnement : ", paste(absentes, collapse = ", "))
}

# Adresse sans « https:// », identifiants temporaires du service
bucket <- s3_bucket(
  "<mon_bucket>",
  endpoint_override = Sys.getenv("AWS_S3_ENDPOINT"),
  access_key = Sys.getenv("AWS_ACCESS_KEY_ID"),
  secret_key = Sys.getenv("AWS_SECRET_ACCESS_KEY"),
  session_token = Sys.getenv("AWS_SESSION_TOKEN"),
  region = Sys.getenv("AWS_DEFAULT_REGION")
)

# Premier niveau du bucket : fichiers et « dossiers » (préfixes)
print(bucket$ls())

# Tous les fichiers sous un préfixe, à tous les niveaux, avec leur taille en octets
infos <- bucket$GetFileInfo(FileSelector$create("<dossier>", recursive = TRUE))
for (info in infos) {
  cat(info$path, info$size, "\n")
}
