# Un alias sans clés (les deux "") : mc envoie des requêtes anonymes
mc alias set anonyme "https://$AWS_S3_ENDPOINT" "" ""

# Le contenu du dossier public, puis une copie du fichier dans le dossier courant
mc ls "anonyme/<bucket_source>/public/"
mc cp "anonyme/<bucket_source>/public/BPE_ENS.csv" ./BPE_ENS.csv

# Sans mc : l'adresse HTTPS du fichier suffit (curl, wget, un navigateur)
curl --fail --silent --show-error --output BPE_ENS.csv \
  "https://$AWS_S3_ENDPOINT/<bucket_source>/public/BPE_ENS.csv"
