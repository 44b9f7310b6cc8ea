# Un fichier public se lit par son adresse HTTPS, sans identifiants ni package S3
# (aws.s3 signerait la requête avec les identifiants du service, s'il y en a)
adresse <- paste0(
  "https://", Sys.getenv("AWS_S3_ENDPOINT"),
  "/<bucket_source>/public/BPE_ENS.csv"
)

# Codes géographiques lus comme du texte, pour garder les zéros initiaux
bpe <- read.csv(
  adresse,
  sep = ";",
  colClasses = c(DEP = "character", DEPCOM = "character", DCIRIS = "character")
)

print(dim(bpe))
print(bpe[bpe$DEP == "06", ])
