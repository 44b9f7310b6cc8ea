"""What a Nubonyxia service's environment holds, as the platform builds it, with sources.

Two public sources build it; each fact below names the one it comes from (read there,
stated in our own words, never copied):

- the service chart's S3 secret, every key of which becomes a variable of the service
  (``CHART``);
- the image's start script, which adds ``MC_HOST_s3``, lines in R's ``Renviron.site``,
  a DuckDB persistent secret and the CA trust (``INIT_SCRIPT``).

:data:`SOURCES` cites each (repository, path, tag or commit).

Where the harness cannot do what the platform does (it cannot add a CA to the
machine's system store, nor write into R's installation), it does the nearest thing,
and :data:`VARIABLES` says what and why. This module is data and pure functions: the
run's environment is assembled by :mod:`nubodoc.harness.environment`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from nubodoc.core.credentials import REGION, Credentials

#: Where each fact comes from: a label the table shows, and the full citation below it.
SOURCES = {
    "`_secret.tpl`": "le secret S3 du chart de chaque service, dont chaque clé devient une "
                     "variable : dépôt `InseeFrLab/helm-charts-interactive-services`, fichier "
                     "`charts/library-chart/templates/_secret.tpl`, étiquette "
                     "`library-chart-2.1.7` (révision `fbc7f05b`)",
    "`onyxia-init.sh`": "le script de démarrage des images : dépôt "
                        "`InseeFrLab/images-datascience`, fichier "
                        "`base/scripts/onyxia-init.sh`, révision `0a611ea4`",
    "`Dockerfile`": "l'image de base : même dépôt, fichier `base/Dockerfile`, même révision",
    "botocore": "boto3 et s3fs (botocore) lisent `AWS_CA_BUNDLE`, puis "
                "`REQUESTS_CA_BUNDLE`, sinon leur propre magasin : dépôt `boto/botocore`, "
                "fichiers `botocore/configprovider.py` et `botocore/endpoint.py` "
                "(`_get_verify_value`), étiquette `1.43.67`",
}
CHART, INIT_SCRIPT, IMAGE, _ = SOURCES
#: For a variable that neither the chart nor the script nor the image sets.
NOWHERE = "—"

#: The working folder the harness names in ``AWS_WORKING_DIRECTORY_PATH``: the test's
#: personal bucket (``<mon_bucket>`` in the tasks).
WORKING_DIRECTORY = "utilisateur/"

#: The DuckDB secret the start script creates in ``~/.duckdb/stored_secrets``.
DUCKDB_SECRET = "s3_onyxia_connection"


@dataclass(frozen=True)
class Variable:
    """One line of the testing page's table: a variable on the platform and in a run.

    Texts are French, as the page shows them. *difference* is empty when the harness
    does what the platform does.
    """

    name: str
    platform: str
    source: str
    harness: str
    difference: str = ""


_SYSTEM_STORE = ("la machine de test a son propre magasin de certificats, où le kit ne "
                 "peut pas ajouter l'AC de son serveur de test comme le fait "
                 "`update-ca-certificates` dans un service")
_BUNDLE = ("le magasin du système de la machine de test suivi du certificat de l'AC du "
           "serveur de test, dans le dossier de l'exécution")
_REMOVED = ("réglage de la machine de test qui ne doit pas s'appliquer à un extrait")

#: Every variable the harness sets or removes, in the order of the page's table.
VARIABLES = (
    Variable("AWS_ACCESS_KEY_ID", "la clé d'accès temporaire de l'utilisateur", CHART,
             "la clé d'accès temporaire de l'exécution"),
    Variable("AWS_SECRET_ACCESS_KEY", "sa clé secrète", CHART, "sa clé secrète"),
    Variable("AWS_SESSION_TOKEN", "son jeton STS (vide s'il n'y en a pas)", CHART,
             "son jeton STS (vide s'il n'y en a pas)"),
    Variable("AWS_DEFAULT_REGION", "la région de la configuration de la plateforme", CHART,
             "`us-east-1`", "la valeur de la plateforme n'est pas publique ; `us-east-1` "
             "est la région par défaut de MinIO"),
    Variable("AWS_S3_ENDPOINT", "l'adresse du serveur, sans `https://`", CHART,
             "l'adresse du serveur de test, sans `https://`"),
    Variable("AWS_ENDPOINT_URL", "`https://`, l'adresse, `/`", CHART,
             "`https://`, l'adresse du serveur de test, `/`"),
    Variable("S3_ENDPOINT", "`https://`, l'adresse, `/`", CHART,
             "`https://`, l'adresse du serveur de test, `/`"),
    Variable("AWS_PATH_STYLE_ACCESS", "le réglage de la plateforme (`true` ou `false`)",
             CHART, "`true`", "le serveur de test n'accepte que l'adressage « chemin »"),
    Variable("AWS_WORKING_DIRECTORY_PATH",
             "le dossier de travail que la configuration de la plateforme donne à "
             "l'utilisateur", CHART, f"`{WORKING_DIRECTORY}`, le bucket personnel du test",
             "le format de la valeur de la plateforme n'est pas vérifié ; aucun extrait ne "
             "lit cette variable"),
    Variable("MC_HOST_s3", "`https://clé:secret:jeton@adresse`, si mc est installé",
             INIT_SCRIPT, "la même forme, avec les valeurs de l'exécution"),
    Variable("REQUESTS_CA_BUNDLE",
             "la valeur de `PATH_TO_CA_BUNDLE`, si la plateforme définit cette variable",
             INIT_SCRIPT, _BUNDLE,
             "le serveur de test a toujours sa propre AC ; boto3, s3fs et la CLI AWS "
             "lisent cette variable (botocore)"),
    Variable("SSL_CERT_FILE", "rien", NOWHERE, _BUNDLE,
             f"{_SYSTEM_STORE} ; les clients bâtis sur `OpenSSL` (Python, pyarrow, polars) "
             "et en Go (mc, rclone) lisent ce fichier à la place du magasin du système"),
    Variable("CURL_CA_BUNDLE", "rien", NOWHERE, _BUNDLE,
             "même raison ; les fonctions de base de R qui lisent une URL (`url()`, "
             "`download.file()`) lisent ce fichier"),
    Variable("R_ENVIRON", "rien : R lit `Renviron.site` dans son dossier d'installation, "
             "où le script de démarrage ajoute des lignes", INIT_SCRIPT,
             "un `Renviron.site` dans le dossier de l'exécution : celui de la machine de "
             "test, suivi des lignes qu'ajoute le script de démarrage",
             "le kit n'écrit pas dans l'installation de R de la machine de test ; R lit le "
             "fichier que nomme cette variable à la place de son `Renviron.site`"),
    Variable("R_PROFILE_USER", "rien", NOWHERE,
             "un profil R qui donne à httr le même fichier de certificats",
             f"{_SYSTEM_STORE} ; le paquet curl de R, sous httr et aws.s3, ne lit que ce "
             "magasin, ni `SSL_CERT_FILE` ni `CURL_CA_BUNDLE` (vérifié par les tests du kit)"),
    Variable("R_LIBS", "rien", NOWHERE,
             "les dossiers de paquets R de la machine de test (extraits R seulement)",
             "le dossier personnel de l'exécution n'a pas les paquets R installés dans "
             "celui de la machine"),
    Variable("PATH", "celui de l'image", IMAGE,
             "celui de la machine, suivi du dossier de l'interpréteur Python du kit "
             "(extraits rclone et CLI AWS seulement)",
             "rclone et la CLI AWS sont installés dans l'environnement virtuel du kit"),
    Variable("HOME", "le dossier personnel de l'utilisateur", IMAGE,
             "le dossier de l'exécution, supprimé avec elle",
             "chaque extrait a son `~/.mc`, son `~/.duckdb` et son `~/.Rprofile`, "
             "sans toucher à ceux de la machine"),
    Variable("TMPDIR", "rien : les outils écrivent dans `/tmp`", NOWHERE,
             "un dossier temporaire de l'exécution, supprimé avec elle",
             "les fichiers temporaires des outils (le cache de polars, par exemple) ne "
             "restent pas sur la machine de test"),
    Variable("AWS_CA_BUNDLE", "rien", NOWHERE, "rien : retirée", _REMOVED),
    Variable("AWS_PROFILE", "rien", NOWHERE, "rien : retirée", _REMOVED),
    Variable("AWS_CONFIG_FILE", "rien", NOWHERE, "rien : retirée", _REMOVED),
    Variable("AWS_SHARED_CREDENTIALS_FILE", "rien", NOWHERE, "rien : retirée", _REMOVED),
    Variable("MC_CONFIG_DIR", "rien", NOWHERE, "rien : retirée", _REMOVED),
)

#: Set for each run only: never exported to a reader's shell or to the build's kernels.
RUN_ONLY = ("HOME", "TMPDIR", "R_LIBS", "PATH")

#: Variables the harness removes from the caller's environment and never sets.
REMOVED = tuple(v.name for v in VARIABLES if v.harness == "rien : retirée")
#: Variables the harness sets or removes (the caller's are dropped first); PATH and HOME,
#: in the table too, are the caller's and the run folder.
S3_VARIABLES = tuple(v.name for v in VARIABLES if v.name not in ("PATH", "HOME"))


def host_of(endpoint_url: str) -> str:
    """``host:port`` of *endpoint_url*, the form ``AWS_S3_ENDPOINT`` takes on the platform."""
    return urlsplit(endpoint_url).netloc


def chart_variables(endpoint_url: str, credentials: Credentials | None) -> dict[str, str]:
    """The variables of the chart's S3 secret, as it writes them (:data:`CHART`).

    Keys are left out for a run without credentials (a reader without keys).
    """
    host = host_of(endpoint_url)
    variables = {
        "AWS_S3_ENDPOINT": host,
        "AWS_ENDPOINT_URL": f"https://{host}/",
        "S3_ENDPOINT": f"https://{host}/",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_PATH_STYLE_ACCESS": "true",
        "AWS_WORKING_DIRECTORY_PATH": WORKING_DIRECTORY,
    }
    if credentials is not None:
        variables["AWS_ACCESS_KEY_ID"] = credentials.access_key_id
        variables["AWS_SECRET_ACCESS_KEY"] = credentials.secret_access_key
        variables["AWS_SESSION_TOKEN"] = credentials.session_token or ""
    return variables


def mc_host(variables: dict[str, str]) -> str | None:
    """``MC_HOST_s3`` as the start script builds it from the chart's variables, or None
    without keys. The token part is there even when empty, as in the script."""
    if "AWS_ACCESS_KEY_ID" not in variables:
        return None
    return (f"https://{variables['AWS_ACCESS_KEY_ID']}:{variables['AWS_SECRET_ACCESS_KEY']}:"
            f"{variables['AWS_SESSION_TOKEN']}@{variables['AWS_S3_ENDPOINT']}")


def renviron_site_lines(env: dict[str, str]) -> list[str]:
    """The lines the start script appends to R's ``Renviron.site``, from *env*.

    Unset variables give an empty value (``AWS_EXPIRATION``, which the chart does not
    set, among them); ``JAVA_HOME`` only where its folder exists; then the variables
    whose name holds ``KUBERNETES`` or is ``IMAGE_NAME``.
    """
    names = ("MC_HOST_s3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
             "AWS_DEFAULT_REGION", "AWS_S3_ENDPOINT", "AWS_EXPIRATION", "VAULT_ADDR",
             "VAULT_TOKEN", "SPARK_HOME", "HADOOP_HOME", "HADOOP_OPTIONAL_TOOLS")
    lines = [f"{name}={env.get(name, '')}" for name in names]
    if env.get("JAVA_HOME") and os.path.exists(env["JAVA_HOME"]):
        lines.append(f"JAVA_HOME={env['JAVA_HOME']}")
    lines += [f"{name}={value}" for name, value in env.items()
              if "KUBERNETES" in name or name == "IMAGE_NAME"]
    return lines


def duckdb_secret_statement(env: dict[str, str]) -> str | None:
    """The SQL creating the start script's persistent DuckDB secret from *env*, or None
    where the script creates none (no ``AWS_S3_ENDPOINT``).

    Path-style addressing whenever ``AWS_PATH_STYLE_ACCESS`` is not empty (even
    ``false``), as in the script.
    """
    if not env.get("AWS_S3_ENDPOINT"):
        return None
    style = "path" if env.get("AWS_PATH_STYLE_ACCESS") else "vhost"
    fields = {"KEY_ID": "AWS_ACCESS_KEY_ID", "SECRET": "AWS_SECRET_ACCESS_KEY",
              "REGION": "AWS_DEFAULT_REGION", "SESSION_TOKEN": "AWS_SESSION_TOKEN",
              "ENDPOINT": "AWS_S3_ENDPOINT"}
    options = ", ".join(f"{key} '{_sql_text(env.get(name, ''))}'"
                        for key, name in fields.items())
    return (f"CREATE OR REPLACE PERSISTENT SECRET {DUCKDB_SECRET} "
            f"(TYPE S3, {options}, URL_STYLE '{style}')")


def _sql_text(value: str) -> str:
    """*value* inside SQL single quotes."""
    return value.replace("'", "''")


def variables_table() -> str:
    """The Markdown table of :data:`VARIABLES` and its sources, as the testing page shows it."""
    lines = ["| Variable | Dans un service de la plateforme | Source | Ce que le kit de test "
             "y met | Pourquoi la différence |",
             "| --- | --- | --- | --- | --- |"]
    for variable in VARIABLES:
        lines.append(f"| `{variable.name}` | {variable.platform} | {variable.source} "
                     f"| {variable.harness} | {variable.difference or NOWHERE} |")
    lines.append("")
    last = len(SOURCES) - 1
    for number, (label, citation) in enumerate(SOURCES.items()):
        lines.append(f"- {label} : {citation}{'.' if number == last else ' ;'}")
    return "\n".join(lines) + "\n"
