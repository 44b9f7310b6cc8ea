library(aws.s3)

# Copie faite par le serveur : les données ne passent pas par le service
resultat <- copy_object(
  from_object = "BPE/2019/BPE_ENS.csv",
  to_object = "donnees/BPE_ENS_2019.csv",
  from_bucket = "donnees-insee",
  to_bucket = "<mon_bucket>",
  region = ""
)

print(get_bucket_df("<mon_bucket>", prefix = "donnees/", region = "")$Key)
