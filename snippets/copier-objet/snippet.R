library(aws.s3)

# Copie faite par le serveur : les données ne passent pas par le service.
# Depuis un autre bucket (un bucket partagé, par exemple) : changez from_bucket
resultat <- copy_object(
  from_object = "BPE/2019/BPE_ENS.csv",
  to_object = "donnees/BPE_ENS_2019.csv",
  from_bucket = "<mon_bucket>",
  to_bucket = "<mon_bucket>",
  region = ""
)

print(get_bucket_df("<mon_bucket>", prefix = "donnees/", region = "")$Key)
