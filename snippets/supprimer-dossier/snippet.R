library(aws.s3)

mon_bucket <- "<mon_bucket>"

# Un « dossier » n'est qu'un préfixe : on supprime chaque objet dont la clé
# commence par « <dossier>/ ». La barre finale évite de viser aussi
# « brouillons-importants/ ». max = Inf : toutes les clés, pas seulement 1 000.
# Vérifiez d'abord ce qui sera supprimé avec l'extrait précédent.
cles <- get_bucket_df(mon_bucket, prefix = "<dossier>/", max = Inf, region = "")$Key
for (cle in cles) {
  delete_object(cle, bucket = mon_bucket, region = "")
}

# delete_object() renvoie TRUE même si le serveur refuse la suppression (il affiche
# seulement « Client error: (403) Forbidden ») : on vérifie, en listant, que le dossier est vide
restants <- get_bucket_df(mon_bucket, prefix = "<dossier>/", max = Inf, region = "")$Key
if (length(restants) > 0) {
  stop(length(restants), " objets de <dossier>/ n'ont pas été supprimés")
}

# Ce qui reste
print(get_bucket_df(mon_bucket, region = "")$Key)
