from getpass import getpass

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
resultats = spark.createDataFrame([("75", 2154), ("06", 1083)], ["DEP", "ESTIMATION"])

# Avant : les identifiants reçus au démarrage (core-site.xml) ont expiré, l'écriture échoue
try:
    resultats.write.mode("overwrite").csv("s3a://<mon_bucket>/resultats_spark", header=True)
except Exception as erreur:
    java = [ligne for ligne in str(erreur).splitlines() if ligne.startswith(": java")]
    print("Avant : échec,", java[0].split(": ")[1] if java else erreur)

# Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
# s'affichent pas et ne restent ni dans le notebook ni dans l'historique.
# Ils remplacent, pour la session, ceux de core-site.xml.
hadoop = spark.sparkContext._jsc.hadoopConfiguration()
hadoop.set("fs.s3a.access.key", getpass("Nouvel identifiant de clé : "))
hadoop.set("fs.s3a.secret.key", getpass("Nouvelle clé secrète : "))
hadoop.set("fs.s3a.session.token", getpass("Nouveau jeton de session : "))
# Spark garde ouvert le système de fichiers S3 (et ses anciens identifiants) :
# fermez-le ici, et empêchez les exécuteurs de réutiliser le leur
hadoop.set("fs.s3a.impl.disable.cache", "true")
spark.sparkContext._jvm.org.apache.hadoop.fs.FileSystem.closeAll()

# Après : l'écriture fonctionne
resultats.write.mode("overwrite").csv("s3a://<mon_bucket>/resultats_spark", header=True)
print("Après :", spark.read.csv("s3a://<mon_bucket>/resultats_spark", header=True).count(),
      "lignes")
