# L'alias « s3 » est déjà configuré dans les services (variable MC_HOST_s3)
mc ls s3/donnees-insee

# Tous les fichiers sous un préfixe, à tous les niveaux
mc ls --recursive s3/donnees-insee/BPE/
