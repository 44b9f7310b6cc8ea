# Chaque commande mc relit MC_HOST_s3 : après le renouvellement, les commandes
# suivantes de ce terminal utilisent les identifiants neufs
for partie in 1 2 3 4; do
  # Votre calcul, pour une partie des données : ici, un carré
  printf 'partie,carre\n%s,%s\n' "$partie" "$((partie * partie))" > "partie-$partie.csv"
  cle="resultats/traitement/partie-$partie.csv"
  if ! mc cp --quiet "partie-$partie.csv" "s3/<mon_bucket>/$cle" > /dev/null 2>&1; then
    # Les identifiants ont expiré : on les renouvelle, puis on envoie de nouveau
    # la même partie, sans refaire les précédentes
    echo "expirés avant : $cle"
    # Collez les identifiants neufs d'Onyxia quand ils sont demandés : read -s ne les
    # affiche pas, et l'historique du terminal ne garde que les noms des variables
    read -rsp "Nouvel identifiant de clé : " cle_acces; echo
    read -rsp "Nouvelle clé secrète : " cle_secrete; echo
    read -rsp "Nouveau jeton de session : " jeton; echo
    export MC_HOST_s3="https://$cle_acces:$cle_secrete:$jeton@$AWS_S3_ENDPOINT"
    mc cp --quiet "partie-$partie.csv" "s3/<mon_bucket>/$cle" > /dev/null
  fi
  echo "écrit : $cle"
done
