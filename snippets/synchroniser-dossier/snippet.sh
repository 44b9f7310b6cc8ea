# Copier le dossier local rapports/ dans le bucket : envoie tout, ne supprime rien
mc cp --recursive rapports/ "s3/<mon_bucket>/rapports/"

# Synchroniser : n'envoie que ce qui a changé. Avec --remove, supprime aussi du
# bucket ce qui n'est plus dans le dossier local (ici rapports/2023.csv).
# --dry-run d'abord : affiche ce qui serait fait, sans rien faire
mc mirror --overwrite --remove --dry-run rapports/ "s3/<mon_bucket>/rapports/"
