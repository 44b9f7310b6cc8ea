# Avant : les identifiants reçus au démarrage ont expiré, la commande échoue
mc ls "s3/<mon_bucket>" || echo "Avant : échec"

# Collez les identifiants neufs d'Onyxia quand ils sont demandés : read -s ne les
# affiche pas, et l'historique du terminal ne garde que les noms des variables
read -rsp "Nouvel identifiant de clé : " cle_acces; echo
read -rsp "Nouvelle clé secrète : " cle_secrete; echo
read -rsp "Nouveau jeton de session : " jeton; echo

# Ils redéfinissent l'alias s3 de ce terminal
export MC_HOST_s3="https://$cle_acces:$cle_secrete:$jeton@$AWS_S3_ENDPOINT"

# Après : les commandes suivantes de ce terminal fonctionnent
mc cp resultats.csv "s3/<mon_bucket>/resultats.csv"
echo "Après :"
mc ls "s3/<mon_bucket>"
