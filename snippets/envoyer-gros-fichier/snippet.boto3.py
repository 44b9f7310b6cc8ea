import os

import boto3
from boto3.s3.transfer import TransferConfig

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

# Au-delà de multipart_threshold, upload_file découpe le fichier en parties
# de multipart_chunksize octets, envoyées à plusieurs en parallèle ;
# une partie en échec est renvoyée seule.
MIO = 1024 ** 2
reglages = TransferConfig(
    multipart_threshold=16 * MIO,
    multipart_chunksize=16 * MIO,
    max_concurrency=4,
)
s3.upload_file(
    "export_complet.zip", "<mon_bucket>", "sauvegardes/export_complet.zip", Config=reglages
)

# Taille et ETag de l'objet : « -2 » à la fin de l'ETag = envoyé en 2 parties
infos = s3.head_object(Bucket="<mon_bucket>", Key="sauvegardes/export_complet.zip")
print(infos["ContentLength"], infos["ETag"])
