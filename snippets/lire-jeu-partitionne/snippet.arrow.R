library(arrow)
library(dplyr)

# Une variable absente donne "" : arrow partirait avec une valeur vide (un autre
# serveur, des identifiants vides) et l'erreur ne dirait pas pourquoi. On s'arrête
# tout de suite, en la nommant.
variables <- c("AWS_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
               "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION")
absentes <- variables[!nzchar(Sys.getenv(variables))]
if (length(absentes) > 0) {
  stop("Absentes de l'environnement : ", paste(absentes, collapse = ", "))
}

# arrow ne lit pas AWS_S3_ENDPOINT : on lui donne l'adresse du serveur (sans
# « https:// ») et les identifiants temporaires du service.
bucket <- s3_bucket(
  "<mon_bucket>",
  endpoint_override = Sys.getenv("AWS_S3_ENDPOINT"),
  access_key = Sys.getenv("AWS_ACCESS_KEY_ID"),
  secret_key = Sys.getenv("AWS_SECRET_ACCESS_KEY"),
  session_token = Sys.getenv("AWS_SESSION_TOKEN"),
  region = Sys.getenv("AWS_DEFAULT_REGION")
)

# Le jeu de données entier, sans rien télécharger : les dossiers DEP=…/AN=…
# donnent deux colonnes, le département en texte (« 06 », pas 6)
bpe <- open_dataset(bucket$path("bpe_partitionne"), format = "parquet",
                    partitioning = schema(DEP = string(), AN = int64()))

# Filtrer sur une colonne de partition : seuls les fichiers de DEP=06 sont lus
totaux <- bpe |>
  filter(DEP == "06") |>
  group_by(AN) |>
  summarise(total = sum(NB_EQUIP)) |>
  arrange(AN) |>
  collect()
print(totaux)
