library(aws.s3)

mon_bucket <- "<mon_bucket>"

print(get_bucket_df(mon_bucket, region = "")$Key)
