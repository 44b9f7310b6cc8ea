library(aws.s3)

mon_bucket <- "<mon_bucket>"
dossier <- "resultats/traitement"
deja_faits <- get_bucket_df(mon_bucket, prefix = dossier, region = "")$Key

traiter <- function(partie) {
  # Votre calcul, pour une partie des données : ici, un carré
  data.frame(partie = partie, carre = partie * partie)
}

for (partie in 1:4) {
  cle <- sprintf("%s/partie-%d.csv", dossier, partie)
  # Une partie dont le résultat est déjà dans le bucket n'est pas recalculée
  if (cle %in% deja_faits) {
    cat("déjà fait :", cle, "\n")
    next
  }
  # Chaque résultat est écrit dès qu'il est prêt
  s3write_using(traiter(partie), FUN = write.csv, row.names = FALSE,
                object = cle, bucket = mon_bucket, opts = list(region = ""))
  cat("écrit :", cle, "\n")
}
