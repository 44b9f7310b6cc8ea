# Le fichier BPE_ENS.csv, dans le dossier de travail (pwd), part dans votre
# bucket sous la clé BPE/2019/BPE_ENS.csv
mc cp BPE_ENS.csv "s3/<mon_bucket>/BPE/2019/BPE_ENS.csv"

# Vérification : la clé est dans le bucket
mc ls --recursive "s3/<mon_bucket>/BPE/"
