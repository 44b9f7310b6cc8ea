library(aws.s3)

bucket <- "<mon_bucket>"

# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur.
# max = Inf : toutes les clés ; sans lui, aws.s3 s'arrête aux 1 000 premières.
fichiers <- get_bucket_df(bucket, max = Inf, region = "")
print(fichiers[, c("Key", "Size")])

# Seulement les fichiers sous un préfixe (un « dossier »)
fichiers_bpe <- get_bucket_df(bucket, prefix = "<dossier>/", max = Inf, region = "")
print(fichiers_bpe$Key)
