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

# Codes géographiques lus comme du texte, pour garder les zéros initiaux
bpe <- read_csv_arrow(
  bucket$path("BPE/2019/BPE_ENS.csv"),
  delim = ";",
  col_types = schema(DEP = string(), DEPCOM = string(), DCIRIS = string())
)

print(dim(bpe))
cat("Nombre d'équipements :", sum(bpe$NB_EQUIP), "\n")
# Les équipements des Alpes-Maritimes (département "06")
print(bpe[bpe$DEP == "06", ])
