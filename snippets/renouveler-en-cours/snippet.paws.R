library(paws)

dossier <- "resultats/traitement"

# paws lit les identifiants du service à sa première requête et les garde : après
# le renouvellement, on recrée le client, qui relit les variables.
nouveau_client <- function() {
  paws::s3(config = list(
    endpoint = paste0("https://", Sys.getenv("AWS_S3_ENDPOINT")),
    region = Sys.getenv("AWS_DEFAULT_REGION"),
    s3_force_path_style = TRUE
  ))
}

# Collez les identifiants neufs d'Onyxia dans les fenêtres qui s'ouvrent : ils ne
# s'affichent pas et ne restent ni dans le script ni dans .Rhistory.
renouveler <- function() {
  Sys.setenv(
    AWS_ACCESS_KEY_ID = rstudioapi::askForPassword("Nouvel identifiant de clé"),
    AWS_SECRET_ACCESS_KEY = rstudioapi::askForPassword("Nouvelle clé secrète"),
    AWS_SESSION_TOKEN = rstudioapi::askForPassword("Nouveau jeton de session")
  )
  nouveau_client()
}

s3 <- nouveau_client()

# Votre calcul, pour une partie des données : ici, un carré
traiter <- function(partie) {
  charToRaw(sprintf("partie,carre\n%d,%d\n", partie, partie * partie))
}

for (partie in 1:4) {
  cle <- sprintf("%s/partie-%d.csv", dossier, partie)
  resultat <- traiter(partie)
  ecrit <- tryCatch({
    s3$put_object(Bucket = "<mon_bucket>", Key = cle, Body = resultat)
    TRUE
  }, error = function(erreur) FALSE)
  if (!ecrit) {
    # Les identifiants ont expiré pendant le traitement : on les renouvelle, puis on
    # écrit de nouveau la même partie, sans refaire les précédentes
    cat("expirés avant :", cle, "\n")
    s3 <- renouveler()
    s3$put_object(Bucket = "<mon_bucket>", Key = cle, Body = resultat)
  }
  cat("écrit :", cle, "\n")
}
