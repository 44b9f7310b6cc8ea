import os

import pyarrow as pa
import pyarrow.dataset as ds
from pyarrow import fs

# Adresse sans « https:// », identifiants temporaires du service
s3 = fs.S3FileSystem(
    endpoint_override=os.environ["AWS_S3_ENDPOINT"],
    access_key=os.environ["AWS_ACCESS_KEY_ID"],
    secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    session_token=os.environ["AWS_SESSION_TOKEN"],
    region=os.environ["AWS_DEFAULT_REGION"],
)

# Le jeu de données entier, sans rien télécharger : les dossiers DEP=…/AN=…
# donnent deux colonnes, le département en texte (« 06 », pas 6)
partitions = ds.partitioning(pa.schema([("DEP", pa.string()), ("AN", pa.int64())]),
                             flavor="hive")
bpe = ds.dataset("<mon_bucket>/bpe_partitionne", filesystem=s3, format="parquet",
                 partitioning=partitions)

# Filtrer sur une colonne de partition : seuls les fichiers de DEP=06 sont lus
alpes_maritimes = bpe.to_table(filter=ds.field("DEP") == "06",
                               columns=["AN", "NB_EQUIP"])
totaux = alpes_maritimes.group_by("AN").aggregate([("NB_EQUIP", "sum")]).sort_by("AN")
for ligne in totaux.to_pylist():
    print(ligne["AN"], ligne["NB_EQUIP_sum"])
