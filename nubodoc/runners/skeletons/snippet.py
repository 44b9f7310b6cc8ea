import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])

for chemin in fs.ls("<mon_bucket>"):
    print(chemin)
