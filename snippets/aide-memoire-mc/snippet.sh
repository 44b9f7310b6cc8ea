# Aide-mémoire mc. Chaque commande est précédée de ce qu'elle fait. Remplacez
# <mon_bucket> par le nom de votre bucket ; les chemins S3 commencent par l'alias s3/.

# --- Alias : un nom court pour un serveur et ses identifiants -----------------------
# Vérifier que le serveur de l'alias « s3 » des services répond (mc alias list, lui,
# afficherait aussi la clé secrète)
mc ping --count 1 s3
# Créer un alias sans clés (les deux ""), pour lire des données publiques
mc alias set anonyme "https://$AWS_S3_ENDPOINT" "" ""
# Supprimer un alias
mc alias remove anonyme

# --- Explorer --------------------------------------------------------------------------
# Lister le premier niveau d'un bucket (fichiers et dossiers)
mc ls "s3/<mon_bucket>"
# Lister tous les fichiers d'un dossier, à tous les niveaux (-r)
mc ls -r "s3/<mon_bucket>/exemples/"
# Afficher l'arborescence d'un dossier, fichiers compris (-f)
mc tree -f "s3/<mon_bucket>/exemples/"
# Place occupée par un dossier
mc du "s3/<mon_bucket>/exemples/"
# Chercher des fichiers par leur nom (motif entre guillemets)
mc find "s3/<mon_bucket>" --name "*.csv"
# Détails d'un fichier : taille, date de modification, type, ETag
mc stat "s3/<mon_bucket>/exemples/BPE_ENS.csv"

# --- Lire --------------------------------------------------------------------------------
# Afficher un fichier en entier (à réserver aux petits fichiers)
mc cat "s3/<mon_bucket>/exemples/LISEZMOI.txt"
# Afficher les 5 premières lignes d'un fichier
mc head -n 5 "s3/<mon_bucket>/exemples/BPE_ENS.csv"

# --- Copier, synchroniser ----------------------------------------------------------
# Télécharger un dossier entier dans le dossier courant du service (-r)
mc cp -r "s3/<mon_bucket>/exemples/" ./exemples/
# Envoyer un fichier du service vers le bucket
mc cp ./exemples/LISEZMOI.txt "s3/<mon_bucket>/copies/LISEZMOI.txt"
# Synchroniser un dossier vers le bucket : copie ce qui manque (--overwrite : remplace aussi les fichiers modifiés)
mc mirror ./exemples/ "s3/<mon_bucket>/sauvegarde/"
# Comparer deux dossiers : fichiers présents d'un seul côté ou différents
mc diff ./exemples/ "s3/<mon_bucket>/sauvegarde/"
# (pour l'exemple : un fichier disparaît du dossier local)
rm ./exemples/LISEZMOI.txt
# --remove : supprime AUSSI de la destination les fichiers absents de la source (ici sauvegarde/LISEZMOI.txt)
mc mirror --remove ./exemples/ "s3/<mon_bucket>/sauvegarde/"

# --- Déplacer, supprimer -----------------------------------------------------------
# Déplacer (ou renommer) un fichier : copie puis suppression de l'original
mc mv "s3/<mon_bucket>/copies/LISEZMOI.txt" "s3/<mon_bucket>/archive/LISEZMOI.txt"
# Supprimer un fichier (pas de corbeille : c'est définitif)
mc rm "s3/<mon_bucket>/archive/LISEZMOI.txt"
# Supprimer un dossier et tout son contenu (-r --force : les deux sont exigés)
mc rm -r --force "s3/<mon_bucket>/sauvegarde/"

# --- Buckets (si votre compte a le droit d'en créer : sinon, demandez un bucket partagé) --
# Créer un bucket
mc mb "s3/<bucket_essai>"
# Supprimer un bucket vide (--force : même s'il contient des fichiers, supprimés avec lui)
mc rb "s3/<bucket_essai>"

# --- Partager ------------------------------------------------------------------------
# Un lien de téléchargement valable 1 heure, sans compte (7 jours par défaut, 7 jours au plus)
mc share download --expire 1h "s3/<mon_bucket>/exemples/BPE_ENS.csv"
# Rendre un dossier lisible par tous, sans identifiants (lister et télécharger)
mc anonymous set download "s3/<mon_bucket>/exemples/"
# Les règles d'accès anonyme en place dans un bucket
mc anonymous list "s3/<mon_bucket>"
# Retirer l'accès anonyme à ce dossier
mc anonymous set none "s3/<mon_bucket>/exemples/"

# --- Clés d'accès permanentes ----------------------------------------------------------
# Vos clés d'accès et leur date d'expiration, « sts: false » pour les permanentes (voir « Comptes de service »)
mc admin accesskey ls s3/
