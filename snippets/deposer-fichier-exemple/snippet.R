library(aws.s3)

# Le fichier BPE_ENS.csv, dans le dossier de travail (getwd()), part dans votre
# bucket sous la clé BPE/2019/BPE_ENS.csv
put_object(
  file = "BPE_ENS.csv",
  object = "BPE/2019/BPE_ENS.csv",
  bucket = "<mon_bucket>",
  region = ""
)

# Vérification : la clé est dans le bucket
print(get_bucket_df("<mon_bucket>", prefix = "BPE/", region = "")$Key)
