library(aws.s3)

mon_bucket <- "<mon_bucket>"

# S3 ne sait pas déplacer : on copie, puis on supprime l'original
resultat <- copy_object(
  from_object = "travail/estimation.csv",
  to_object = "publication/estimation_2019.csv",
  from_bucket = mon_bucket,
  to_bucket = mon_bucket,
  region = ""
)
delete_object("travail/estimation.csv", bucket = mon_bucket, region = "")

# delete_object() renvoie TRUE même si le serveur refuse la suppression (il affiche
# seulement « Client error: (403) Forbidden ») : on vérifie, en listant, que l'original a disparu
restants <- get_bucket_df(mon_bucket, prefix = "travail/estimation.csv", region = "")$Key
if ("travail/estimation.csv" %in% restants) {
  stop("travail/estimation.csv n'a pas été supprimé : l'objet est copié, pas déplacé")
}

print(get_bucket_df(mon_bucket, region = "")$Key)
