"""Sphinx configuration of the Nubonyxia storage guide (sources in docs/).

Everything specific to the platform is in ``nubodoc_platform`` below: another
Onyxia platform changes this dictionary only. Pages use its values through
MyST substitutions, ``{{ s3_endpoint }}`` for instance (not inside code blocks).
"""

project = "Guide du stockage Nubonyxia"
author = "L'équipe nubodoc"
copyright = "2026, l'équipe nubodoc"
language = "fr"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "nubodoc.sphinx",
]

exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache"]
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Stockage sur Nubonyxia"
html_static_path = ["docs/_static"]
html_favicon = "docs/_static/favicon.svg"
html_show_sourcelink = False
html_show_sphinx = False
# Furo's few interface strings in French (docs/_locale/fr/LC_MESSAGES/sphinx.po)
locale_dirs = ["_locale"]

nubodoc_snippets_dir = "snippets"
# Besides the configured target (the sandbox by default), snippets without a current
# result are run on these servers where they can start: SeaweedFS is a real S3 server.
nubodoc_also_run_on = ["seaweedfs"]
# Only code gets a copy button: what a snippet printed (« Sortie ») is not code to copy.
copybutton_selector = "div:not(.nubodoc-output) > div.highlight pre"
# Pages are not executed unless they ask for it (front matter ``mystnb: execution_mode``).
nb_execution_mode = "off"

# --- The platform ------------------------------------------------------------------------
# The facts every page relies on. Keys are the substitution names used in the pages.
nubodoc_platform = {
    # Nom de la plateforme et de son stockage objet
    "platform": "Nubonyxia",
    "s3_product": "MinIO",
    "s3_api": "S3",
    # Bucket personnel, créé avec le compte, et son quota
    "personal_bucket_quota": "50 Go",
    # Buckets partagés : sur demande uniquement
    "shared_bucket_policy": "sur demande uniquement",
    # Version d'Onyxia que décrivent les pages (interface, noms des écrans)
    "onyxia_version": "11",
    # Éléments de l'interface (noms à vérifier sur l'interface de cette version)
    "ui_credentials": "Mon compte › Connexion au stockage",
    "ui_files": "Mes fichiers",
    "ui_services": "Mes services",
    "ui_secrets": "Mes secrets",
    "secrets_backend": "Vault",
    # Durée de vie des identifiants temporaires (jeton STS)
    "sts_lifetime": "24 heures",
    # Adresses (sans https://)
    "s3_endpoint": "minio.lab.incubateur.finances.rie.gouv.fr",
    "s3_console": "minio-console.lab.incubateur.finances.rie.gouv.fr",
    # Qui signe les certificats TLS de ces adresses
    "tls_ca": "l'autorité de certification (AC) du ministère",
}

myst_substitutions = {
    **nubodoc_platform,
    # Formes prêtes à l'emploi (une substitution est du Markdown)
    "s3_endpoint_code": f"`{nubodoc_platform['s3_endpoint']}`",
    "s3_endpoint_link": (
        f"[`https://{nubodoc_platform['s3_endpoint']}`]"
        f"(https://{nubodoc_platform['s3_endpoint']})"
    ),
    "s3_console_link": (
        f"[`https://{nubodoc_platform['s3_console']}`]"
        f"(https://{nubodoc_platform['s3_console']})"
    ),
}
