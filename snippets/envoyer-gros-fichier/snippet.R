library(aws.s3)

mon_bucket <- "<mon_bucket>"

# multipart = TRUE : envoi par parties de partsize octets (16 Mio ici,
# 5 Mio au minimum), lues une à une sur le disque
put_object(
  file = "export_complet.zip",
  object = "sauvegardes/export_complet.zip",
  bucket = mon_bucket,
  multipart = TRUE,
  partsize = 16 * 1024^2,
  region = ""
)

# Taille et ETag de l'objet : « -2 » à la fin de l'ETag = envoyé en 2 parties
infos <- head_object("sauvegardes/export_complet.zip", bucket = mon_bucket, region = "")
print(attr(infos, "content-length"))
print(attr(infos, "etag"))
