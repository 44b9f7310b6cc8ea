library(aws.s3)

# Les clés du bucket partagé, rangées dans "Mes secrets" et injectées dans le service.
# Passées à chaque appel (key, secret), elles remplacent les identifiants personnels
# du service ; clés permanentes : aws.s3 n'envoie alors pas de jeton de session
partage <- list(
  key = Sys.getenv("PARTAGE_ACCESS_KEY_ID"),
  secret = Sys.getenv("PARTAGE_SECRET_ACCESS_KEY"),
  region = ""
)

# Une variable absente donne "" : aws.s3 prendrait alors les identifiants personnels
# du service, et l'erreur (AccessDenied) ne dirait pas pourquoi. On s'arrête tout de suite.
if (!nzchar(partage$key) || !nzchar(partage$secret)) {
  stop("PARTAGE_ACCESS_KEY_ID ou PARTAGE_SECRET_ACCESS_KEY absent de l'environnement")
}

bucket <- "projet-partage"

# Lister, lire…
fichiers <- get_bucket_df(bucket, key = partage$key, secret = partage$secret,
                          region = partage$region)
print(fichiers$Key)

bpe <- s3read_using(
  FUN = read.csv,
  sep = ";",
  colClasses = c(DEP = "character", DEPCOM = "character", DCIRIS = "character"),
  object = "donnees/BPE_ENS.csv",
  bucket = bucket,
  opts = partage
)
print(dim(bpe))

# … et écrire, pour les autres membres du projet
par_dep <- aggregate(NB_EQUIP ~ DEP, data = bpe, FUN = sum)
s3write_using(
  par_dep,
  FUN = write.csv2,
  row.names = FALSE,
  object = "resultats/equipements_par_dep.csv",
  bucket = bucket,
  opts = partage
)
