# Une lecture simple : si les identifiants ont expiré, elle échoue
mc ls "s3/<mon_bucket>"
