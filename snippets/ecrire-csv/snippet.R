library(aws.s3)

equipements <- data.frame(
  DEP = c("75", "92", "06"),
  TYPEQU = c("C101", "C201", "C101"),
  NB_EQUIP = c(3, 2, 2)
)

# s3write_using écrit le data frame dans un fichier temporaire avec FUN,
# puis l'envoie ; region = "" passe par opts.
s3write_using(
  equipements,
  FUN = write.table,
  sep = ";",
  row.names = FALSE,
  quote = FALSE,
  object = "<dossier>/equipements.csv",
  bucket = "<mon_bucket>",
  opts = list(region = "")
)

# Vérifier que le fichier est bien là
print(get_bucket_df("<mon_bucket>", prefix = "<dossier>/", region = "")$Key)
