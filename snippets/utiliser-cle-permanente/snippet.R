library(aws.s3)

# La clé permanente, rangée dans "Mes secrets" (ou dans les variables secrètes de
# l'outil qui lance le traitement). Passée à chaque appel (key, secret), elle remplace
# les identifiants temporaires du service ; aws.s3 n'envoie alors pas de jeton de session
cle <- Sys.getenv("TRAITEMENT_ACCESS_KEY_ID")
secret <- Sys.getenv("TRAITEMENT_SECRET_ACCESS_KEY")
# Une variable absente donne "" : aws.s3 prendrait alors d'autres identifiants, et
# l'erreur (AccessDenied) ne dirait pas pourquoi. On s'arrête tout de suite.
if (!nzchar(cle) || !nzchar(secret)) {
  stop("TRAITEMENT_ACCESS_KEY_ID ou TRAITEMENT_SECRET_ACCESS_KEY absent de l'environnement")
}

bucket <- "<mon_bucket>"

# Déposer le fichier produit par le traitement…
put_object(
  file = "rapport.csv",
  object = "rapports/rapport.csv",
  bucket = bucket,
  key = cle,
  secret = secret,
  region = ""
)

# … et vérifier le contenu du dossier
fichiers <- get_bucket_df(bucket, prefix = "rapports/", key = cle, secret = secret,
                          region = "")
print(fichiers[, c("Key", "Size")])
