# Après avoir relu la simulation : la synchronisation, pour de bon
mc mirror --overwrite --remove rapports/ "s3/<mon_bucket>/rapports/"
