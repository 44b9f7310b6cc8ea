library(aws.s3)

mon_bucket <- "<mon_bucket>"

# Un fichier du disque du service vers son bucket
put_object(
  file = "estimation.csv",
  object = "<dossier>/estimation.csv",
  bucket = mon_bucket,
  region = ""
)

# Tout un dossier : un envoi par fichier, la clé reprend le chemin relatif
for (chemin in list.files("figures", recursive = TRUE)) {
  put_object(
    file = file.path("figures", chemin),
    object = paste0("<dossier>/figures/", chemin),
    bucket = mon_bucket,
    region = ""
  )
}

print(get_bucket_df(mon_bucket, prefix = "<dossier>/", region = "")$Key)
