library(aws.s3)

bucket <- "<mon_bucket>"

# La même politique que « mc anonymous set download » : n'importe qui ("*"),
# sans identifiants, peut lister le dossier public/ et en lire les fichiers
politique <- sprintf('{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["*"]},
      "Action": ["s3:GetBucketLocation"],
      "Resource": ["arn:aws:s3:::%1$s"]
    },
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["*"]},
      "Action": ["s3:ListBucket"],
      "Resource": ["arn:aws:s3:::%1$s"],
      "Condition": {"StringLike": {"s3:prefix": ["public/*"]}}
    },
    {
      "Effect": "Allow",
      "Principal": {"AWS": ["*"]},
      "Action": ["s3:GetObject"],
      "Resource": ["arn:aws:s3:::%1$s/public/*"]
    }
  ]
}', bucket)

# Attention : cette politique remplace celle que le bucket avait peut-être déjà
# region = "" : sans cet argument, aws.s3 ajoute la région devant le nom du serveur
put_bucket_policy(bucket, politique, region = "")

# Vérifier la politique en place
cat(get_bucket_policy(bucket, region = ""), "\n")
