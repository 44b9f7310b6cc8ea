library(aws.s3)

# s3read_using télécharge l'objet dans un fichier temporaire, puis le lit avec FUN.
# Les arguments après FUN vont à FUN (ici read.csv) ; ceux de la connexion
# (region = "") vont dans opts.
bpe <- s3read_using(
  FUN = read.csv,
  sep = ";",
  # Codes géographiques lus comme du texte, pour garder les zéros initiaux
  colClasses = c(DEP = "character", DEPCOM = "character", DCIRIS = "character"),
  object = "BPE/2019/BPE_ENS.csv",
  bucket = "<mon_bucket>",
  opts = list(region = "")
)

print(dim(bpe))
cat("Nombre d'équipements :", sum(bpe$NB_EQUIP), "\n")
# Les équipements des Alpes-Maritimes (département "06")
print(bpe[bpe$DEP == "06", ])
