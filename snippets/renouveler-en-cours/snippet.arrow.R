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

dossier <- "resultats/traitement"

# Adresse sans « https:// », identifiants temporaires du service
bucket <- s3_bucket(
  "<mon_bucket>",
  endpoint_override = Sys.getenv("AWS_S3_ENDPOINT"),
  access_key = Sys.getenv("AWS_ACCESS_KEY_ID"),
  secret_key = Sys.getenv("AWS_SECRET_ACCESS_KEY"),
  session_token = Sys.getenv("AWS_SESSION_TOKEN"),
  region = Sys.getenv("AWS_DEFAULT_REGION")
)

# arrow garde les identifiants donnés à s3_bucket() : après le renouvellement, on
# recrée l'accès au bucket. Collez les identifiants neufs d'Onyxia dans les fenêtres
# qui s'ouvrent : ils ne s'affichent pas et ne restent ni dans le script ni dans
# .Rhistory.
renouveler <- function() {
  s3_bucket(
    "<mon_bucket>",
    endpoint_override = Sys.getenv("AWS_S3_ENDPOINT"),
    access_key = rstudioapi::askForPassword("Nouvel identifiant de clé"),
    secret_key = rstudioapi::askForPassword("Nouvelle clé secrète"),
    session_token = rstudioapi::askForPassword("Nouveau jeton de session"),
    region = Sys.getenv("AWS_DEFAULT_REGION")
  )
}

# Votre calcul, pour une partie des données : ici, un carré
traiter <- function(partie) {
  data.frame(partie = partie, carre = partie * partie)
}

for (partie in 1:4) {
  cle <- sprintf("%s/partie-%d.csv", dossier, partie)
  resultat <- traiter(partie)
  ecrit <- tryCatch({
    write_csv_arrow(resultat, bucket$path(cle))
    TRUE
  }, error = function(erreur) FALSE)
  if (!ecrit) {
    # Les identifiants ont expiré pendant le traitement : on les renouvelle, puis on
    # écrit de nouveau la même partie, sans refaire les précédentes
    cat("expirés avant :", cle, "\n")
    bucket <- renouveler()
    write_csv_arrow(resultat, bucket$path(cle))
  }
  cat("écrit :", cle, "\n")
}
