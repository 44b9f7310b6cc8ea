library(paws)

# paws lit seul les identifiants du service (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) ; l'adresse du serveur se donne ici,
# avec l'adressage « chemin » (path-style).
s3 <- paws::s3(config = list(
  endpoint = paste0("https://", Sys.getenv("AWS_S3_ENDPOINT")),
  region = Sys.getenv("AWS_DEFAULT_REGION"),
  s3_force_path_style = TRUE
))

reponse <- s3$list_objects_v2(Bucket = "<mon_bucket>")
for (objet in reponse$Contents) {
  cat(objet$Key, objet$Size, "\n")
}
