# Un alias « traitement » avec la clé permanente, rangée dans "Mes secrets" (ou dans
# les variables secrètes de l'outil qui lance le traitement)
# Une variable absente arrête tout de suite (:?) : avec "", mc créerait un alias anonyme
# sans rien dire
mc alias set traitement "https://$AWS_S3_ENDPOINT" \
  "${TRAITEMENT_ACCESS_KEY_ID:?variable absente}" \
  "${TRAITEMENT_SECRET_ACCESS_KEY:?variable absente}"

# Déposer le fichier produit par le traitement…
mc cp rapport.csv "traitement/<mon_bucket>/rapports/rapport.csv"

# … et vérifier le contenu du dossier
mc ls "traitement/<mon_bucket>/rapports/"
