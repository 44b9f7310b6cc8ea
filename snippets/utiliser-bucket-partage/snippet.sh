# Un alias « partage » avec les clés du bucket partagé (rangées dans "Mes secrets"
# et injectées dans le service) ; mc les enregistre dans ~/.mc/config.json. Une variable
# absente arrête tout de suite (:?) : avec "", mc créerait un alias anonyme sans rien dire
mc alias set partage "https://$AWS_S3_ENDPOINT" \
  "${PARTAGE_ACCESS_KEY_ID:?variable absente}" \
  "${PARTAGE_SECRET_ACCESS_KEY:?variable absente}"

# Lister, lire, écrire : les chemins commencent par l'alias
mc ls --recursive partage/projet-partage
mc head --lines 3 partage/projet-partage/donnees/BPE_ENS.csv
mc cp partage/projet-partage/donnees/BPE_ENS.csv partage/projet-partage/resultats/BPE_ENS_copie.csv
