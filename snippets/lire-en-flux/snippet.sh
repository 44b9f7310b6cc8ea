# mc cat transmet l'objet au fil de l'eau à la commande suivante, sans l'écrire
# sur le disque : ici awk fait la somme de la 7e colonne (NB_EQUIP)
mc cat "s3/<mon_bucket>/BPE/2019/BPE_ENS.csv" \
  | awk -F ';' 'NR > 1 { total += $7 } END { print "Total NB_EQUIP :", total }'

# Seulement les premières lignes
mc head --lines 3 "s3/<mon_bucket>/BPE/2019/BPE_ENS.csv"
