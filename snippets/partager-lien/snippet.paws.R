library(paws)

# paws lit seul les identifiants du service ; l'adresse du serveur se donne ici,
# avec l'adressage « chemin » (path-style)
s3 <- paws::s3(config = list(
  endpoint = paste0("https://", Sys.getenv("AWS_S3_ENDPOINT")),
  region = Sys.getenv("AWS_DEFAULT_REGION"),
  s3_force_path_style = TRUE
))

# Un lien qui permet à quiconque le détient de télécharger ce fichier, sans compte,
# pendant 2 heures (expires_in, en secondes)
lien <- s3$generate_presigned_url(
  client_method = "get_object",
  params = list(Bucket = "<mon_bucket>", Key = "resultats/synthese.csv"),
  expires_in = 2 * 60 * 60
)
cat(lien, "\n")
