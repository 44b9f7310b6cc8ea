# Un lien qui permet à quiconque le détient de télécharger ce fichier, sans compte,
# pendant 2 heures (--expire : 7 jours par défaut, 7 jours au plus)
mc share download --expire 2h "s3/<mon_bucket>/resultats/synthese.csv"
