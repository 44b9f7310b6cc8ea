library(aws.s3)

dossier <- "resultats/traitement"

# Collez les identifiants neufs d'Onyxia dans les fenêtres qui s'ouvrent : ils ne
# s'affichent pas et ne restent ni dans le script ni dans .Rhistory. aws.s3 relit
# les variables à chaque appel : rien d'autre à recréer.
renouveler <- function() {
  Sys.setenv(
    AWS_ACCESS_KEY_ID = rstudioapi::askForPassword("Nouvel identifiant de clé"),
    AWS_SECRET_ACCESS_KEY = rstudioapi::askForPassword("Nouvelle clé secrète"),
    AWS_SESSION_TOKEN = rstudioapi::askForPassword("Nouveau jeton de session")
  )
}

# Votre calcul, pour une partie des données : ici, un carré
traiter <- function(partie) {
  charToRaw(sprintf("partie,carre\n%d,%d\n", partie, partie * partie))
}

ecrire <- function(cle, contenu) {
  put_object(what = contenu, object = cle, bucket = "<mon_bucket>", region = "")
}

for (partie in 1:4) {
  cle <- sprintf("%s/partie-%d.csv", dossier, partie)
  resultat <- traiter(partie)
  ecrit <- tryCatch(ecrire(cle, resultat), error = function(erreur) FALSE)
  if (!isTRUE(ecrit)) {
    # Les identifiants ont expiré pendant le traitement : on les renouvelle, puis on
    # écrit de nouveau la même partie, sans refaire les précédentes
    cat("expirés avant :", cle, "\n")
    renouveler()
    ecrire(cle, resultat)
  }
  cat("écrit :", cle, "\n")
}
