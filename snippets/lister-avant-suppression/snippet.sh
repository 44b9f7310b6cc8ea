# --dry-run : affiche ce que la suppression emporterait, sans rien supprimer
mc rm --recursive --force --dry-run "s3/<mon_bucket>/<dossier>/"
