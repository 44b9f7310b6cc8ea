import os

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import csv, fs

# Adresse sans « https:// », identifiants temporaires du service
s3 = fs.S3FileSystem(
    endpoint_override=os.environ["AWS_S3_ENDPOINT"],
    access_key=os.environ["AWS_ACCESS_KEY_ID"],
    secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    session_token=os.environ["AWS_SESSION_TOKEN"],
    region=os.environ["AWS_DEFAULT_REGION"],
)


# Lire le CSV d'origine (codes géographiques en texte)
codes_texte = csv.ConvertOptions(
    column_types={"DEP": pa.string(), "DEPCOM": pa.string(), "DCIRIS": pa.string()})
with s3.open_input_stream("<mon_bucket>/BPE/2019/BPE_ENS.csv") as fichier:
    bpe = csv.read_csv(fichier, parse_options=csv.ParseOptions(delimiter=";"),
                       convert_options=codes_texte)

# L'écrire en Parquet dans son bucket
pq.write_table(bpe, "<mon_bucket>/resultats/bpe_2019.parquet", filesystem=s3)

# Le relire : seulement deux colonnes, et seulement les lignes des départements
# 06 et 75 (pyarrow saute les blocs de lignes qui n'en contiennent pas)
extrait = pq.read_table("<mon_bucket>/resultats/bpe_2019.parquet", filesystem=s3,
                        columns=["DEP", "NB_EQUIP"], filters=[("DEP", "in", ["06", "75"])])
totaux = extrait.group_by("DEP").aggregate([("NB_EQUIP", "sum")]).sort_by("DEP")
for ligne in totaux.to_pylist():
    print(ligne["DEP"], ligne["NB_EQUIP_sum"])
