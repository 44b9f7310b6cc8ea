library(arrow)

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
