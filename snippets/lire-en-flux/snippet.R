library(aws.s3)

# aws.s3 ne lit pas en flux : get_object et s3read_using chargent tout l'objet.
# save_object, lui, écrit l'objet sur le disque du service au fil de l'eau,
# sans le garder en mémoire ; on lit ensuite le fichier local par morceaux.
fichier <- save_object(
  object = "BPE/2019/BPE_ENS.csv",
  bucket = "<mon_bucket>",
  file = "BPE_ENS.csv",
  region = ""
)

connexion <- file(fichier, open = "r")
colonnes <- strsplit(readLines(connexion, n = 1), ";")[[1]]
total <- 0
nb_morceaux <- 0
repeat {
  lignes <- readLines(connexion, n = 4)  # 4 lignes pour l'exemple ; en pratique 100 000
  if (length(lignes) == 0) break
  morceau <- read.table(text = lignes, sep = ";", col.names = colonnes,
                        colClasses = "character")
  total <- total + sum(as.numeric(morceau$NB_EQUIP))
  nb_morceaux <- nb_morceaux + 1
}
close(connexion)
cat("Morceaux lus :", nb_morceaux, "\n")
cat("Nombre d'équipements :", total, "\n")

# Seulement le début de l'objet (requête « Range ») : les 100 premiers octets
debut <- get_object(
  object = "BPE/2019/BPE_ENS.csv",
  bucket = "<mon_bucket>",
  headers = list(Range = "bytes=0-99"),
  region = ""
)
cat(rawToChar(debut), "\n")
