# Avant : les identifiants reçus au démarrage ont expiré, la commande échoue
mc ls "s3/<mon_bucket>" || echo "Avant : échec"

# Les identifiants neufs, copiés depuis Onyxia, redéfinissent l'alias s3
export MC_HOST_s3="https://<nouvelle_cle_d_acces>:<nouvelle_cle_secrete>:<nouveau_jeton>@$AWS_S3_ENDPOINT"

# Après : les commandes suivantes de ce terminal fonctionnent
mc cp resultats.csv "s3/<mon_bucket>/resultats.csv"
echo "Après :"
mc ls "s3/<mon_bucket>"
