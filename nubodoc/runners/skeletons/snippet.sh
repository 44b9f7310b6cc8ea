mc ls "s3/<mon_bucket>/"
