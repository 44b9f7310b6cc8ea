library(aws.s3)

# s3read_using télécharge l'objet dans un fichier temporaire, puis le lit avec
# read_sas() du paquet haven, installé avec le tidyverse
equipements <- s3read_using(
  FUN = haven::read_sas,
  object = "donnees/equipements.sas7bdat",
  bucket = "<mon_bucket>",
  opts = list(region = "")
)

print(dim(equipements))
print(equipements)
