library(aws.s3)

bucket <- "donnees-insee"

# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur
fichiers <- get_bucket_df(bucket, region = "")
print(fichiers$Key)

# Seulement les fichiers sous un préfixe (un « dossier »)
fichiers_bpe <- get_bucket_df(bucket, prefix = "BPE/", region = "")
print(fichiers_bpe$Key)
