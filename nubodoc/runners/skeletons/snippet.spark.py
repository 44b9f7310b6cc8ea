from pyspark.sql import SparkSession

# Dans un service Spark, core-site.xml donne déjà l'adresse du serveur et les
# identifiants du service : les chemins s3a:// se lisent sans rien configurer.
spark = SparkSession.builder.getOrCreate()

fichiers = spark.read.text("s3a://<mon_bucket>/")
print(fichiers.count(), "lignes")
