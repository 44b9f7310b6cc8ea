from pyspark.sql import SparkSession
from pyspark.sql import functions as F

# Dans un service Spark, core-site.xml donne déjà l'adresse du serveur et les
# identifiants du service : les chemins s3a:// se lisent sans rien configurer.
spark = SparkSession.builder.getOrCreate()
# Les valeurs des dossiers de partition restent du texte (« 06 », pas 6)
spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")

# Lire le CSV (codes géographiques en texte : pas d'inférence de types)
bpe = (spark.read.csv("s3a://<mon_bucket>/BPE/2019/BPE_ENS.csv", sep=";", header=True)
       .withColumn("NB_EQUIP", F.col("NB_EQUIP").cast("int")))

# L'écrire en Parquet, partitionné par département : bpe_spark/DEP=06/part-….parquet
bpe.write.mode("overwrite").partitionBy("DEP").parquet("s3a://<mon_bucket>/bpe_spark")

# Le relire en ne gardant que deux départements : Spark n'ouvre que leurs dossiers
totaux = (spark.read.parquet("s3a://<mon_bucket>/bpe_spark")
          .where(F.col("DEP").isin("06", "75"))
          .groupBy("DEP").agg(F.sum("NB_EQUIP").alias("total"))
          .orderBy("DEP"))
for ligne in totaux.collect():
    print(ligne["DEP"], ligne["total"])

spark.stop()
