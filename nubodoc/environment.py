"""The environment a Nubonyxia service gives a reader's code, rebuilt for a test run.

Onyxia injects the S3 variables below into every service. The harness adds
what makes each client trust the endpoint's CA; none of it appears in a snippet.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from nubodoc.credentials import REGION, Credentials

#: Variables the harness sets or clears; anything else is inherited from the caller.
S3_VARIABLES = (
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION", "AWS_S3_ENDPOINT", "AWS_ENDPOINT_URL", "S3_ENDPOINT",
    "AWS_PATH_STYLE_ACCESS", "MC_HOST_s3", "AWS_CA_BUNDLE", "SSL_CERT_FILE",
    "CURL_CA_BUNDLE", "R_PROFILE_USER", "MC_CONFIG_DIR", "AWS_PROFILE",
    "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "TMPDIR",
)

#: Set for each run only: never exported to a reader's shell or to the build's kernels.
RUN_ONLY = ("TMPDIR",)


#: For each variable above: what the harness puts in it, and whether a platform service
#: has it (in French). « Comment ce guide est testé » shows this table; a test holds the
#: page to it, and every variable the harness sets to an entry here.
ON_THE_PLATFORM = {
    "AWS_ACCESS_KEY_ID": ("la clé d'accès temporaire de l'exécution",
                          "oui, injectée par Onyxia"),
    "AWS_SECRET_ACCESS_KEY": ("sa clé secrète", "oui, injectée par Onyxia"),
    "AWS_SESSION_TOKEN": ("son jeton STS", "oui, injectée par Onyxia"),
    "AWS_DEFAULT_REGION": ("`us-east-1`", "oui, injectée par Onyxia"),
    "AWS_S3_ENDPOINT": ("l'adresse du serveur de test, sans `https://`",
                        "oui, injectée par Onyxia"),
    "AWS_ENDPOINT_URL": ("la même adresse, avec `https://`",
                         "oui, injectée par Onyxia (catalogues de services récents)"),
    "S3_ENDPOINT": ("la même adresse, avec `https://`", "oui, injectée par Onyxia"),
    "AWS_PATH_STYLE_ACCESS": ("`true`",
                              "oui, injectée par Onyxia (catalogues de services récents)"),
    "MC_HOST_s3": ("l'alias `s3` de mc, identifiants compris",
                   "oui, construite au démarrage par le script d'initialisation de l'image "
                   "quand mc y est installé"),
    "AWS_CA_BUNDLE": ("le certificat de l'AC du serveur de test",
                      "non : l'image du service fait confiance à l'AC de la plateforme par "
                      "le magasin de certificats du système ; la variable tient lieu de ce "
                      "magasin pendant les tests"),
    "SSL_CERT_FILE": ("le même certificat", "non, même raison"),
    "CURL_CA_BUNDLE": ("le même certificat", "non, même raison"),
    "R_PROFILE_USER": ("un profil R qui donne ce certificat à httr",
                       "non, même raison"),
    "MC_CONFIG_DIR": ("un dossier de configuration de mc contenant ce certificat",
                      "non, même raison ; mc y a son dossier `~/.mc`"),
    "AWS_PROFILE": ("rien : retirée", "non, sauf si vous la créez"),
    "AWS_CONFIG_FILE": ("rien : retirée", "non, sauf si vous la créez"),
    "AWS_SHARED_CREDENTIALS_FILE": ("rien : retirée", "non, sauf si vous la créez"),
    "TMPDIR": ("un dossier temporaire propre à l'exécution, supprimé avec elle",
               "non : les outils écrivent dans `/tmp` ; la variable évite que leurs "
               "fichiers temporaires (le cache de polars, par exemple) restent sur la "
               "machine de test"),
}


def variables_table() -> str:
    """The Markdown table of :data:`ON_THE_PLATFORM`, as the testing page shows it."""
    lines = ["| Variable | Ce que le kit de test y met | Dans un service de la plateforme |",
             "| --- | --- | --- |"]
    for name in S3_VARIABLES:
        harness, platform = ON_THE_PLATFORM[name]
        lines.append(f"| `{name}` | {harness} | {platform} |")
    return "\n".join(lines) + "\n"


def host_of(endpoint_url: str) -> str:
    """``host:port`` of *endpoint_url*, the form ``AWS_S3_ENDPOINT`` takes on the platform."""
    return urlsplit(endpoint_url).netloc


def platform_variables(endpoint_url: str, credentials: Credentials | None) -> dict[str, str]:
    """The S3 variables Onyxia injects into a service (none for anonymous access)."""
    host = host_of(endpoint_url)
    scheme = urlsplit(endpoint_url).scheme
    variables = {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_S3_ENDPOINT": host,
        "AWS_ENDPOINT_URL": f"{scheme}://{host}/",
        "S3_ENDPOINT": f"{scheme}://{host}/",
        "AWS_PATH_STYLE_ACCESS": "true",
    }
    if credentials is not None:
        variables["AWS_ACCESS_KEY_ID"] = credentials.access_key_id
        variables["AWS_SECRET_ACCESS_KEY"] = credentials.secret_access_key
        userinfo = f"{credentials.access_key_id}:{credentials.secret_access_key}"
        if credentials.session_token:
            variables["AWS_SESSION_TOKEN"] = credentials.session_token
            userinfo += f":{credentials.session_token}"
        variables["MC_HOST_s3"] = f"{scheme}://{userinfo}@{host}"
    return variables


def trust_variables(ca_bundle: Path, workdir: Path) -> dict[str, str]:
    """Make boto3, s3fs, pyarrow, curl, R's httr and mc trust *ca_bundle*.

    Writes an R profile (R's curl ignores ``CURL_CA_BUNDLE`` on Linux) and an
    mc configuration folder with the CA under ``certs/CAs/`` into *workdir*.
    """
    r_profile = workdir / ".Rprofile-nubodoc"
    r_profile.write_text(
        "local({\n"
        "  if (requireNamespace(\"httr\", quietly = TRUE)) {\n"
        f"    httr::set_config(httr::config(cainfo = {str(ca_bundle)!r}))\n"
        "  }\n"
        "})\n",
        encoding="utf-8",
    )
    mc_config = workdir / ".mc"
    (mc_config / "certs" / "CAs").mkdir(parents=True, exist_ok=True)
    (mc_config / "certs" / "CAs" / "nubodoc-ca.pem").write_bytes(ca_bundle.read_bytes())
    return {
        "AWS_CA_BUNDLE": str(ca_bundle),
        "SSL_CERT_FILE": str(ca_bundle),
        "CURL_CA_BUNDLE": str(ca_bundle),
        "R_PROFILE_USER": str(r_profile),
        "MC_CONFIG_DIR": str(mc_config),
    }


def service_environment(
    endpoint_url: str,
    credentials: Credentials | None,
    ca_bundle: Path | None,
    workdir: Path,
    base: dict[str, str] | None = None,
) -> dict[str, str]:
    """The full environment of a run: the caller's, minus stray S3 settings, plus the platform's.

    ``HOME`` is *workdir*, and ``TMPDIR`` a folder in it, so that whatever the tools
    leave there goes with the run's folder.
    """
    env = dict(os.environ if base is None else base)
    for name in S3_VARIABLES:
        env.pop(name, None)
    env["HOME"] = str(workdir)
    temporary = workdir / ".tmp"
    temporary.mkdir(exist_ok=True)
    env["TMPDIR"] = str(temporary)
    env.update(platform_variables(endpoint_url, credentials))
    if ca_bundle is not None:
        env.update(trust_variables(ca_bundle, workdir))
    return env
