library(aws.s3)

# Une lecture simple : si les identifiants ont expiré, elle échoue
# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur
fichiers <- get_bucket_df("<mon_bucket>", region = "")
print(fichiers$Key)
