# Un « dossier » n'est qu'un préfixe : --recursive supprime tous les objets
# sous « <dossier>/ », --force confirme. Vérifiez d'abord avec l'extrait précédent.
mc rm --recursive --force "s3/<mon_bucket>/<dossier>/"

# Ce qui reste
mc ls --recursive "s3/<mon_bucket>"
