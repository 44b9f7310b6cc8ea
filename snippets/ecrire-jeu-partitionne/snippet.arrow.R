library(arrow)

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

# Codes géographiques en texte (« 06 », pas 6)
lire_csv <- function(chemin) {
  read_delim_arrow(bucket$path(chemin), delim = ";",
                   col_types = schema(DEP = string(), DEPCOM = string(), DCIRIS = string()),
                   as_data_frame = FALSE)
}

# Écrire 2019 en Parquet, un dossier par département puis par année :
# bpe_partitionne/DEP=06/AN=2019/part-0.parquet…
write_dataset(lire_csv("BPE/2019/BPE_ENS.csv"), bucket$path("bpe_partitionne"),
              format = "parquet", partitioning = c("DEP", "AN"))

# Ajouter 2020 sans réécrire 2019 : d'autres noms de fichiers, et les fichiers
# déjà là sont laissés tels quels
write_dataset(lire_csv("BPE/2020/BPE_ENS.csv"), bucket$path("bpe_partitionne"),
              format = "parquet", partitioning = c("DEP", "AN"),
              basename_template = "ajout-2020-{i}.parquet",
              existing_data_behavior = "overwrite")

# Les fichiers du jeu de données, partition par partition
print(sort(bucket$ls("bpe_partitionne", recursive = TRUE)))
