import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])
bucket = "<mon_bucket>"
dossier = "resultats/traitement"


def traiter(partie):
    # Votre calcul, pour une partie des données : ici, un carré
    return f"partie,carre\n{partie},{partie * partie}\n"


for partie in range(1, 5):
    cle = f"{dossier}/partie-{partie}.csv"
    # Une partie dont le résultat est déjà dans le bucket n'est pas recalculée
    if fs.exists(f"{bucket}/{cle}"):
        print("déjà fait :", cle)
        continue
    # Chaque résultat est écrit dès qu'il est prêt
    fs.pipe(f"{bucket}/{cle}", traiter(partie).encode("utf-8"))
    print("écrit :", cle)
