library(aws.s3)

equipements <- data.frame(
  DEP = c("75", "92", "06"),
  TYPEQU = c("C101", "C201", "C101"),
  NB_EQUIP = c(3, 2, 2)
)

# Enregistrer un objet R tel quel (format RDS) dans le bucket ; region = ""
# évite qu'aws.s3 ajoute la région devant le nom du serveur
s3saveRDS(equipements, object = "resultats/equipements.rds", bucket = "<mon_bucket>",
          region = "")

# Le relire : le même data frame, types de colonnes compris
relu <- s3readRDS(object = "resultats/equipements.rds", bucket = "<mon_bucket>",
                  region = "")
print(identical(relu, equipements))
print(relu)
