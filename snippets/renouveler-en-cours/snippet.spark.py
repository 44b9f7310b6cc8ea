from getpass import getpass

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
dossier = "s3a://<mon_bucket>/resultats/traitement"


def renouveler():
    """Collez les identifiants neufs d'Onyxia quand ils sont demandés : ils ne
    s'affichent pas et ne restent ni dans le notebook ni dans l'historique. Ils
    remplacent, pour la session, ceux de core-site.xml."""
    hadoop = spark.sparkContext._jsc.hadoopConfiguration()
    hadoop.set("fs.s3a.access.key", getpass("Nouvel identifiant de clé : "))
    hadoop.set("fs.s3a.secret.key", getpass("Nouvelle clé secrète : "))
    hadoop.set("fs.s3a.session.token", getpass("Nouveau jeton de session : "))
    # Spark garde ouvert le système de fichiers S3 (et ses anciens identifiants) :
    # fermez-le ici, et empêchez les exécuteurs de réutiliser le leur
    hadoop.set("fs.s3a.impl.disable.cache", "true")
    spark.sparkContext._jvm.org.apache.hadoop.fs.FileSystem.closeAll()


def traiter(partie):
    # Votre calcul, pour une partie des données : ici, un carré
    return spark.createDataFrame([(partie, partie * partie)], ["partie", "carre"])


for partie in range(1, 5):
    chemin = f"{dossier}/partie-{partie}"
    resultat = traiter(partie)
    try:
        resultat.write.mode("overwrite").csv(chemin, header=True)
    except Exception:
        # Les identifiants ont expiré pendant le traitement : on les renouvelle,
        # puis on écrit de nouveau la même partie, sans refaire les précédentes
        print("expirés avant :", f"partie-{partie}")
        renouveler()
        resultat.write.mode("overwrite").csv(chemin, header=True)
    print("écrit :", f"partie-{partie}")
