library(aws.s3)

# Un objet vers un fichier local (le dossier « donnees » est créé au besoin)
save_object(
  object = "BPE/2019/BPE_ENS.csv",
  bucket = "<mon_bucket>",
  file = "donnees/BPE_ENS.csv",
  region = ""
)

# Tout un « dossier » : un téléchargement par objet sous le préfixe
prefixe <- "BPE/2019/"
for (cle in get_bucket_df("<mon_bucket>", prefix = prefixe, max = Inf, region = "")$Key) {
  save_object(
    object = cle,
    bucket = "<mon_bucket>",
    file = file.path("donnees/BPE_2019", sub(prefixe, "", cle, fixed = TRUE)),
    region = ""
  )
}

print(list.files("donnees", recursive = TRUE))
