library(aws.s3)

# Avant : les identifiants reçus au démarrage ont expiré, l'appel échoue
avant <- tryCatch(
  get_bucket_df("<mon_bucket>", region = ""),
  error = function(erreur) conditionMessage(erreur)
)
if (is.character(avant)) cat("Avant : échec,", avant, "\n")

# Les identifiants neufs, copiés depuis Onyxia, remplacent les anciens
Sys.setenv(
  AWS_ACCESS_KEY_ID = "<nouvelle_cle_d_acces>",
  AWS_SECRET_ACCESS_KEY = "<nouvelle_cle_secrete>",
  AWS_SESSION_TOKEN = "<nouveau_jeton>"
)

# Après : les appels suivants fonctionnent, sans recharger aws.s3
put_object(file = "resultats.csv", object = "resultats.csv",
           bucket = "<mon_bucket>", region = "")
cat("Après :", get_bucket_df("<mon_bucket>", region = "")$Key, "\n")
