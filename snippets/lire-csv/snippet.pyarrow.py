import os

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv, fs

# Adresse sans « https:// », identifiants temporaires du service
s3 = fs.S3FileSystem(
    endpoint_override=os.environ["AWS_S3_ENDPOINT"],
    access_key=os.environ["AWS_ACCESS_KEY_ID"],
    secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    session_token=os.environ["AWS_SESSION_TOKEN"],
    region=os.environ["AWS_DEFAULT_REGION"],
)

# Séparateur « ; » ; codes géographiques lus comme du texte (zéros initiaux gardés)
separateur = csv.ParseOptions(delimiter=";")
codes_texte = csv.ConvertOptions(
    column_types={"DEP": pa.string(), "DEPCOM": pa.string(), "DCIRIS": pa.string()})

with s3.open_input_stream("<mon_bucket>/BPE/2019/BPE_ENS.csv") as fichier:
    bpe = csv.read_csv(fichier, parse_options=separateur, convert_options=codes_texte)

print(bpe.shape)
print("Nombre d'équipements :", pc.sum(bpe["NB_EQUIP"]).as_py())
# Les équipements des Alpes-Maritimes (département "06")
print(bpe.filter(pc.equal(bpe["DEP"], "06")).to_pandas())
