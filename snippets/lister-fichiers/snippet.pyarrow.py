import os

from pyarrow import fs

# Adresse sans « https:// », identifiants temporaires du service
s3 = fs.S3FileSystem(
    endpoint_override=os.environ["AWS_S3_ENDPOINT"],
    access_key=os.environ["AWS_ACCESS_KEY_ID"],
    secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    session_token=os.environ["AWS_SESSION_TOKEN"],
    region=os.environ["AWS_DEFAULT_REGION"],
)

# Premier niveau du bucket : fichiers et « dossiers » (préfixes, sans taille)
for info in s3.get_file_info(fs.FileSelector("<mon_bucket>")):
    print(info.path, info.type.name)

# Tous les fichiers sous un préfixe, à tous les niveaux, avec leur taille en octets
for info in s3.get_file_info(fs.FileSelector("<mon_bucket>/<dossier>", recursive=True)):
    if info.type == fs.FileType.File:
        print(info.path, info.size)
