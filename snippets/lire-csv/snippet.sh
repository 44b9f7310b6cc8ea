# mc ne construit pas de tableau de données, mais affiche le contenu d'un fichier :
# les 5 premières lignes…
mc head --lines 5 "s3/<mon_bucket>/BPE/2019/BPE_ENS.csv"

# … ou le fichier entier (à réserver aux petits fichiers)
mc cat "s3/<mon_bucket>/BPE/2019/BPE_ENS.csv"
