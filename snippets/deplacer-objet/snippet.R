library(aws.s3)

mon_bucket <- "<mon_bucket>"

# S3 ne sait pas déplacer : on copie, puis on supprime l'original
resultat <- copy_object(
  from_object = "travail/estimation.csv",
  to_object = "publication/estimation_2019.csv",
  from_bucket = mon_bucket,
  to_bucket = mon_bucket,
  region = ""
)
delete_object("travail/estimation.csv", bucket = mon_bucket, region = "")

print(get_bucket_df(mon_bucket, region = "")$Key)
