library(aws.s3)

# Avant : les identifiants reçus au démarrage ont expiré, l'appel échoue
avant <- tryCatch(
  get_bucket_df("<mon_bucket>", region = ""),
  error = function(erreur) conditionMessage(erreur)
)
if (is.character(avant)) cat("Avant : échec,", avant, "\n")

# Collez les identifiants neufs d'Onyxia dans les fenêtres qui s'ouvrent : ils ne
# s'affichent pas et ne restent ni dans le script ni dans .Rhistory
Sys.setenv(
  AWS_ACCESS_KEY_ID = rstudioapi::askForPassword("Nouvel identifiant de clé"),
  AWS_SECRET_ACCESS_KEY = rstudioapi::askForPassword("Nouvelle clé secrète"),
  AWS_SESSION_TOKEN = rstudioapi::askForPassword("Nouveau jeton de session")
)

# Après : les appels suivants fonctionnent, sans recharger aws.s3
put_object(file = "resultats.csv", object = "resultats.csv",
           bucket = "<mon_bucket>", region = "")
cat("Après :", get_bucket_df("<mon_bucket>", region = "")$Key, "\n")
