library(aws.s3)

# La clé permanente, rangée dans "Mes secrets" (ou dans les variables secrètes de
# l'outil qui lance le traitement). Passée à chaque appel (key, secret), elle remplace
# les identifiants temporaires du service ; aws.s3 n'envoie alors pas de jeton de session
cle <- Sys.getenv("TRAITEMENT_ACCESS_KEY_ID")
secret <- Sys.getenv("TRAITEMENT_SECRET_ACCESS_KEY")

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
