import os

import pyarrow as pa
import pyarrow.dataset as ds
from pyarrow import csv, fs

# Adresse sans « https:// », identifiants temporaires du service
s3 = fs.S3FileSystem(
    endpoint_override=os.environ["AWS_S3_ENDPOINT"],
    access_key=os.environ["AWS_ACCESS_KEY_ID"],
    secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    session_token=os.environ["AWS_SESSION_TOKEN"],
    region=os.environ["AWS_DEFAULT_REGION"],
)

# Les colonnes de partition, en texte (« 06 », pas 6), puis l'année
partitions = ds.partitioning(pa.schema([("DEP", pa.string()), ("AN", pa.int64())]),
                             flavor="hive")
codes_texte = csv.ConvertOptions(
    column_types={"DEP": pa.string(), "DEPCOM": pa.string(), "DCIRIS": pa.string()})


def lire_csv(chemin):
    with s3.open_input_stream(chemin) as fichier:
        return csv.read_csv(fichier, parse_options=csv.ParseOptions(delimiter=";"),
                            convert_options=codes_texte)


# Écrire 2019 en Parquet, un dossier par département puis par année :
# bpe_partitionne/DEP=06/AN=2019/part-0.parquet…
ds.write_dataset(lire_csv("<mon_bucket>/BPE/2019/BPE_ENS.csv"),
                 "<mon_bucket>/bpe_partitionne", filesystem=s3, format="parquet",
                 partitioning=partitions)

# Ajouter 2020 sans réécrire 2019 : d'autres noms de fichiers, et les fichiers
# déjà là sont laissés tels quels
ds.write_dataset(lire_csv("<mon_bucket>/BPE/2020/BPE_ENS.csv"),
                 "<mon_bucket>/bpe_partitionne", filesystem=s3, format="parquet",
                 partitioning=partitions, basename_template="ajout-2020-{i}.parquet",
                 existing_data_behavior="overwrite_or_ignore")

# Les fichiers du jeu de données, partition par partition
selection = fs.FileSelector("<mon_bucket>/bpe_partitionne", recursive=True)
for fichier in sorted(f.path for f in s3.get_file_info(selection) if f.is_file):
    print(fichier)
