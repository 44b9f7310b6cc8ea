# Le détail d'une clé : nom, description, politique, date d'expiration, état
mc admin accesskey info s3/ "<cle_d_acces>"

# Changer sa date d'expiration (AAAA-MM-JJ)
mc admin accesskey edit s3/ "<cle_d_acces>" --expiry "<nouvelle_date>"

# La suspendre : toute requête signée avec elle est refusée… puis la réactiver
mc admin accesskey disable s3/ "<cle_d_acces>"
mc admin accesskey enable s3/ "<cle_d_acces>"

# La révoquer pour de bon (une fois en service la clé qui la remplace)
mc admin accesskey rm s3/ "<cle_d_acces>"
