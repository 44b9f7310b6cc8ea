# Retire les règles d'accès anonyme au dossier public/ (les fichiers restent en place)
mc anonymous set none "s3/<mon_bucket>/public/"

# Vérifier : l'accès anonyme au dossier est redevenu « private »
mc anonymous get "s3/<mon_bucket>/public/"
