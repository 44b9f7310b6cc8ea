library(arrow)

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

# Premier niveau du bucket
print(bucket$ls())
