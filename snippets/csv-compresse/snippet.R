library(aws.s3)

equipements <- data.frame(
  DEP = c("75", "92", "06"),
  TYPEQU = c("C101", "C201", "C101"),
  NB_EQUIP = c(3, 2, 2)
)

# Écrire un CSV compressé (gzip) : gzfile() compresse le fichier temporaire
# qu'envoie s3write_using ; region = "" passe par opts
s3write_using(
  equipements,
  FUN = function(x, fichier) {
    write.table(x, gzfile(fichier), sep = ";", row.names = FALSE, quote = FALSE)
  },
  object = "<dossier>/equipements.csv.gz",
  bucket = "<mon_bucket>",
  opts = list(region = "")
)

# Le lire : read.table reconnaît un fichier gzip et le décompresse
relu <- s3read_using(
  FUN = read.table,
  header = TRUE,
  sep = ";",
  colClasses = c(DEP = "character"),
  object = "<dossier>/equipements.csv.gz",
  bucket = "<mon_bucket>",
  opts = list(region = "")
)
print(relu)
