# Copie faite par le serveur : les données ne passent pas par le service
mc cp s3/donnees-insee/BPE/2019/BPE_ENS.csv "s3/<mon_bucket>/donnees/BPE_ENS_2019.csv"

mc ls "s3/<mon_bucket>/donnees/"
