"""The credential gate finds the platform's own forms, named by file, line and detector.

Each form is planted, with values made at random here, in a file of a folder given to the
gate's scan (as the built site and ``snippets/`` are); the guide's placeholders pass.
"""

from __future__ import annotations

import secrets
import string
from pathlib import Path

import pytest

from nubodoc.sphinx.gates import scan

from .aws_sample import SAMPLE_KEY, SAMPLE_SECRET
from .fake_credentials import (
    fake_access_key,
    fake_lower_case_secret,
    fake_minio_key,
    fake_secret,
    fake_sts_token,
)

ENDPOINT = "minio.lab.example.org"


def plant(folder: Path, name: str, line: str) -> Path:
    """Write *line* as the third line of *folder*/*name*; return the file."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Notes\n\n{line}\nfin\n", encoding="utf-8")
    return path


FORMS = {
    "sts-jwt": lambda: ("snippet.sh", f"export AWS_SESSION_TOKEN={fake_sts_token()}"),
    "lower-case-secret": lambda: ("snippet.sh",
                                  f"export AWS_SECRET_ACCESS_KEY={fake_lower_case_secret()}"),
    "mc-host": lambda: ("snippet.sh", f"export MC_HOST_s3=https://{fake_minio_key()}:"
                        f"{fake_secret()}:{secrets.token_urlsafe(120)}@{ENDPOINT}"),
    "mc-alias": lambda: ("snippet.sh", f"mc alias set s3 https://{ENDPOINT} "
                         f"{fake_minio_key()} {fake_lower_case_secret()}"),
    "config-block": lambda: ("_sources/page.md.txt",
                             f"aws_secret_access_key = {fake_secret()}"),
    "html-attribute": lambda: ("page.html", f'<p><img src="logo.png" alt="" '
                               f'data-cle="{secrets.token_urlsafe(48)}"></p>'),
}


@pytest.mark.parametrize("form", FORMS)
def test_each_form_is_found_naming_file_and_line(tmp_path, form):
    path = plant(tmp_path, *FORMS[form]())
    found = scan([tmp_path])
    assert {(finding[0], finding[1]) for finding in found} == {(path, 3)}, found


GUIDE_PLACEHOLDERS = f"""\
export AWS_ACCESS_KEY_ID=EXEMPLECLEACCES12345
export AWS_ACCESS_KEY_ID={SAMPLE_KEY}
export AWS_SECRET_ACCESS_KEY={SAMPLE_SECRET}
export AWS_SECRET_ACCESS_KEY=<votre_cle_secrete>
export AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
export MC_HOST_s3="https://<nouvelle_cle_d_acces>:<nouvelle_cle_secrete>:<nouveau_jeton>@$AWS_S3_ENDPOINT"
export MC_HOST_s3="https://$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY:$AWS_SESSION_TOKEN@$AWS_S3_ENDPOINT"
mc alias set p "https://$AWS_S3_ENDPOINT" "$PARTAGE_ACCESS_KEY_ID" "$PARTAGE_SECRET_ACCESS_KEY"
mc alias set enregistre les clés, en clair, dans ~/.mc/config.json, sur le disque
| `mc config host add ALIAS URL CLÉ SECRET` | `mc alias set ALIAS URL CLÉ SECRET` |
fichiers <- get_bucket_df(bucket, key = partage$key, secret = partage$secret,
  secret = secret,
    secret_access_key="secret-fictif-exemple",
access_key_variable = "TRAITEMENT_ACCESS_KEY_ID"
secret_key_variable = "TRAITEMENT_SECRET_ACCESS_KEY"
secret_key = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
access_key = 'ABCDEFGHIJKLMNOPQRST'
secret: {SAMPLE_SECRET}
AWS_ACCESS_KEY_ID=<identifiant_de_cle>
a_secret_function_name_that_is_quite_long_indeed
AWS_SECRET_ACCESS_KEY_FOR_THE_SERVICE_ACCOUNT_Of_2026
le secret est dans Vault, le jeton (token) aussi : `s3/<mon_bucket>/dossier/fichier.csv`
fs = s3fs.S3FileSystem(secret=os.environ["AWS_SECRET_ACCESS_KEY"])
20971520 "a7884b803f3e73234202075fc2225b6c-2"
20971520 "f0c6b1bea10b666e456c3637ef372ce8-2"
"""


@pytest.mark.parametrize("name", ["notes.sh", "page.md.txt", "page.html", "snippet.R"])
def test_the_guides_placeholders_pass(tmp_path, name):
    (tmp_path / name).write_text(GUIDE_PLACEHOLDERS, encoding="utf-8")
    assert scan([tmp_path]) == []


def test_a_credential_handed_out_is_found_raw_or_url_encoded(tmp_path):
    handed = "s3cr3t/with+signs"
    page = tmp_path / "sortie.html"
    page.write_text(f"<pre>ok</pre>\n<a href='?t={handed.replace('/', '%2F').replace('+', '%2B')}'"
                    f">lien</a>\n<pre>{handed}</pre>\n", encoding="utf-8")
    assert {(finding[0], finding[1]) for finding in scan([tmp_path], [handed])} == {
        (page, 2), (page, 3)}


def test_the_forms_the_gate_found_before_are_still_found(tmp_path):
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(300))
    page = tmp_path / "page.html"
    page.write_text(f"key {fake_access_key()}\n"
                    f'<span>"secret_access_key"</span>: <span>"{fake_secret()}"</span>\n'
                    f"AWS_SESSION_TOKEN={token}\n"
                    f'Sys.setenv(AWS_ACCESS_KEY_ID = "{fake_minio_key()}")\n', encoding="utf-8")
    assert sorted({finding[1] for finding in scan([tmp_path])}) == [1, 2, 3, 4]


def test_the_search_index_is_searched_for_handed_out_values_only(tmp_path):
    """Sphinx's search index holds the pages' own words, cut and stemmed: a stemmed
    fragment of a request id shown on a page is not a key; a handed-out value still is."""
    handed = fake_secret()
    index = tmp_path / "searchindex.js"
    index.write_text('Search.setIndex({"terms":{"9gjjt1m":[3],"cju4opvx9o9":[3],'
                     f'"{secrets.token_hex(20)}":[2],"{secrets.token_urlsafe(30)}":[1]}}}})\n'
                     f'"{handed}"\n', encoding="utf-8")
    assert [(finding.path, finding.line) for finding in scan([tmp_path], [handed])] == [
        (index, 2)]
    page = plant(tmp_path, "page.html", f'<pre>secret = "{secrets.token_hex(20)}"</pre>')
    assert page in {finding.path for finding in scan([tmp_path])}
