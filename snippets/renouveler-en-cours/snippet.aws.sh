# Chaque commande aws relit AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY et
# AWS_SESSION_TOKEN : après le renouvellement, les commandes suivantes les utilisent
for partie in 1 2 3 4; do
  # Votre calcul, pour une partie des données : ici, un carré
  printf 'partie,carre\n%s,%s\n' "$partie" "$((partie * partie))" > "partie-$partie.csv"
  cle="resultats/traitement/partie-$partie.csv"
  if ! aws s3 cp "partie-$partie.csv" "s3://<mon_bucket>/$cle" \
      --endpoint-url "https://$AWS_S3_ENDPOINT" --only-show-errors 2> /dev/null; then
    # Les identifiants ont expiré : on les renouvelle, puis on envoie de nouveau
    # la même partie, sans refaire les précédentes
    echo "expirés avant : $cle"
    # Collez les identifiants neufs d'Onyxia quand ils sont demandés : read -s ne les
    # affiche pas, et l'historique du terminal ne garde que les noms des variables
    read -rsp "Nouvel identifiant de clé : " AWS_ACCESS_KEY_ID; echo
    read -rsp "Nouvelle clé secrète : " AWS_SECRET_ACCESS_KEY; echo
    read -rsp "Nouveau jeton de session : " AWS_SESSION_TOKEN; echo
    export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
    aws s3 cp "partie-$partie.csv" "s3://<mon_bucket>/$cle" \
      --endpoint-url "https://$AWS_S3_ENDPOINT" --only-show-errors
  fi
  echo "écrit : $cle"
done
