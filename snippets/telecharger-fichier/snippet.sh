# Un objet vers un fichier local (le dossier « donnees » est créé au besoin)
mc cp "s3/<mon_bucket>/BPE/2019/BPE_ENS.csv" donnees/BPE_ENS.csv

# Tout un « dossier », sous-dossiers compris : gardez les « / » finaux
mc cp --recursive "s3/<mon_bucket>/BPE/2019/" donnees/BPE_2019/

ls -R donnees
