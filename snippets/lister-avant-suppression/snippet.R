library(aws.s3)

# Les objets que la suppression du dossier « <dossier>/ » emporterait. La barre finale
# évite de viser aussi « brouillons-importants/ ». max = Inf : toutes les clés.
print(get_bucket_df("<mon_bucket>", prefix = "<dossier>/", max = Inf, region = "")$Key)
