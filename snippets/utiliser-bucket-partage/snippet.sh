# Un alias « partage » avec les clés du bucket partagé (rangées dans "Mes secrets"
# et injectées dans le service) ; mc les enregistre dans ~/.mc/config.json
mc alias set partage "https://$AWS_S3_ENDPOINT" \
  "$PARTAGE_ACCESS_KEY_ID" "$PARTAGE_SECRET_ACCESS_KEY"

# Lister, lire, écrire : les chemins commencent par l'alias
mc ls --recursive partage/projet-partage
mc head --lines 3 partage/projet-partage/donnees/BPE_ENS.csv
mc cp partage/projet-partage/donnees/BPE_ENS.csv partage/projet-partage/resultats/BPE_ENS_copie.csv
