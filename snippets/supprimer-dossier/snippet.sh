# Un « dossier » n'est qu'un préfixe : --recursive supprime tous les objets
# sous « brouillons/ », --force confirme. Vérifier d'abord avec --dry-run.
mc rm --recursive --force --dry-run "s3/<mon_bucket>/brouillons/"
mc rm --recursive --force "s3/<mon_bucket>/brouillons/"

# Ce qui reste
mc ls --recursive "s3/<mon_bucket>"
