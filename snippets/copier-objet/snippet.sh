# Copie faite par le serveur : les données ne passent pas par le service.
# Depuis un autre bucket (un bucket partagé, par exemple) : changez le premier chemin
mc cp "s3/<mon_bucket>/BPE/2019/BPE_ENS.csv" "s3/<mon_bucket>/donnees/BPE_ENS_2019.csv"

mc ls "s3/<mon_bucket>/donnees/"
