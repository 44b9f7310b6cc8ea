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

# Adresse sans « https:// », identifiants temporaires du service
bucket <- s3_bucket(
  "<mon_bucket>",
  endpoint_override = Sys.getenv("AWS_S3_ENDPOINT"),
  access_key = Sys.getenv("AWS_ACCESS_KEY_ID"),
  secret_key = Sys.getenv("AWS_SECRET_ACCESS_KEY"),
  session_token = Sys.getenv("AWS_SESSION_TOKEN"),
  region = Sys.getenv("AWS_DEFAULT_REGION")
)

# Lire le CSV d'origine (codes géographiques en texte)
bpe <- read_csv_arrow(
  bucket$path("BPE/2019/BPE_ENS.csv"),
  delim = ";",
  col_types = schema(DEP = string(), DEPCOM = string(), DCIRIS = string())
)

# L'écrire en Parquet dans son bucket
write_parquet(bpe, bucket$path("resultats/bpe_2019.parquet"))

# Le relire en ne prenant que deux colonnes : arrow ne télécharge qu'elles
extrait <- read_parquet(bucket$path("resultats/bpe_2019.parquet"),
                        col_select = c("DEP", "NB_EQUIP"))
totaux <- aggregate(NB_EQUIP ~ DEP, data = extrait, FUN = sum)
with(totaux, cat(paste(DEP, NB_EQUIP), sep = "\n"))
