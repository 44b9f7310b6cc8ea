"""The docs build fails, naming file and line, on a misspelling, a broken link, a credential.

Each gate is shown by planting the fault in a small temporary guide (no snippet is run);
the real guide, built once per session (``site``), passes them all.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nubodoc.sphinx.gates import scan
from nubodoc.sphinx.results import LazyTarget

from .aws_sample import SAMPLE_KEY, SAMPLE_SECRET
from .conftest import DOCS, SNIPPETS, sphinx_build
from .fake_credentials import fake_access_key, fake_minio_key, fake_secret, fake_sts_token

CONF = """\
extensions = ["myst_nb", "nubodoc.sphinx"]
nubodoc_snippets_dir = "snippets"
nubodoc_notebook_target = False
nubodoc_run_snippets = False
nb_execution_mode = "off"
myst_heading_anchors = 3
exclude_patterns = ["_build"]
"""
OTHER_PAGE = "# Autre page\n\n## Une section\n\nTexte.\n"
AWS_SAMPLE_KEY, AWS_SAMPLE_SECRET = SAMPLE_KEY, SAMPLE_SECRET

PLACEHOLDERS = f"""\
# Exemples

```bash
export AWS_ACCESS_KEY_ID=EXEMPLECLEACCES12345
export AWS_ACCESS_KEY_ID={AWS_SAMPLE_KEY}
export AWS_SECRET_ACCESS_KEY={AWS_SAMPLE_SECRET}
export AWS_SECRET_ACCESS_KEY=<votre_cle_secrete>
```
"""


def build(tmp_path: Path, page: str, conf: str = CONF, words: str | None = None,
          snippet: str | None = None):
    """Build a two-page guide whose home page is *page*; return the finished process."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    (docs / "index.md").write_text(page + "\n```{toctree}\nautre\n```\n", encoding="utf-8")
    (docs / "autre.md").write_text(OTHER_PAGE, encoding="utf-8")
    if words is not None:
        (docs / "mots.txt").write_text(words, encoding="utf-8")
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    if snippet is not None:
        (snippets / "notes.sh").write_text(snippet, encoding="utf-8")
    return sphinx_build(docs, tmp_path, tmp_path / "out", env=local_tmp(tmp_path))


def local_tmp(tmp_path: Path) -> dict[str, str]:
    """The environment with TMPDIR in *tmp_path*: Sphinx's error logs stay there."""
    folder = tmp_path / "tmp"
    folder.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(folder)}


def test_a_misspelled_word_fails_the_build_naming_file_and_line(tmp_path):
    page = ("# Titre\n\nUne phrase correcte, puis une fote\nsur deux lignes.\n\n"
            "Du `code` au milieu, puis\nune autre erreur : chaussetes.\n")
    answer = build(tmp_path, page)
    assert answer.returncode != 0
    assert re.search(r"index\.md:3: WARNING: unknown word « fote » \(spelling: fix it, or "
                     r"add it to docs/mots\.txt\)", answer.stderr), answer.stderr
    assert re.search(r"index\.md:7: WARNING: unknown word « chaussetes »", answer.stderr), \
        answer.stderr
    assert "Titre" not in answer.stderr


def test_code_the_word_list_and_elisions_pass(tmp_path):
    page = ("# Le bucket d'Onyxia\n\nL'équipe d'Onyxia crée aujourd'hui un bucket : "
            "c'est-à-dire un `fotte_de_frappe` et [un lien](autre.md#une-section), le "
            "1{sup}`er` janvier, avec fs.put(\"a\", recursive=True) et snippet.polars.py.\n\n"
            "```python\nfotte = \"ceci n'est pas de la prose\"\n```\n")
    answer = build(tmp_path, page, words="bucket\nOnyxia\n")
    assert answer.returncode == 0, answer.stderr


def test_a_word_missing_from_the_word_list_fails(tmp_path):
    answer = build(tmp_path, "# Titre\n\nLe bucket de Nubonyxia.\n", words="bucket\n")
    assert answer.returncode != 0
    assert re.search(r"index\.md:3: WARNING: unknown word « Nubonyxia »", answer.stderr)
    assert "« bucket »" not in answer.stderr


def test_a_missing_dictionary_says_what_to_install(tmp_path):
    answer = build(tmp_path, "# Titre\n", conf=CONF + 'nubodoc_spelling_lang = "xx_XX"\n')
    assert answer.returncode != 0
    assert "no 'xx_XX' dictionary: install it (Debian: apt-get install hunspell-fr" in \
        answer.stderr


@pytest.mark.parametrize(("link", "message"), [
    ("[la section](autre.md#absente)", "local id not found in doc 'autre': 'absente'"),
    ("[plus haut](#manquante)", "cross-reference target not found: 'manquante'"),
    ("{doc}`page-absente`", "unknown document: 'page-absente'"),
    ("[la page](absente.md)", "cross-reference target not found: 'absente.md'"),
])
def test_a_broken_link_or_anchor_fails_the_build_naming_file_and_line(tmp_path, link,
                                                                      message):
    answer = build(tmp_path, f"# Titre\n\nVoir {link} pour la suite.\n")
    assert answer.returncode != 0
    assert re.search(rf"index\.md:3: WARNING: .*{re.escape(message)}", answer.stderr), \
        answer.stderr


def test_silencing_broken_link_warnings_is_refused(tmp_path):
    conf = CONF + 'suppress_warnings = ["myst.xref_missing"]\n'
    answer = build(tmp_path, "# Titre\n\nVoir [la section](autre.md#absente).\n", conf=conf)
    assert answer.returncode != 0
    assert "suppress_warnings would let broken links pass: ['myst.xref_missing']" in \
        answer.stderr


def test_a_real_looking_key_in_the_site_fails_naming_file_and_line(tmp_path):
    page = f"# Titre\n\nTexte.\n\n```bash\nexport AWS_ACCESS_KEY_ID={fake_access_key()}\n```\n"
    answer = build(tmp_path, page)
    assert answer.returncode != 0
    found = re.search(r"(\S+index\.html):(\d+): WARNING: what looks like a credential "
                      r"\(AWS Access Key", answer.stderr)
    assert found, answer.stderr
    line = Path(found.group(1)).read_text(encoding="utf-8").splitlines()[int(found.group(2)) - 1]
    assert "AWS_ACCESS_KEY_ID" in line


def test_a_credential_fails_the_build_even_without_w(tmp_path):
    docs = tmp_path / "docs"
    build(tmp_path, "# Titre\n")
    (docs / "index.md").write_text(f"# Titre\n\nCode {fake_access_key()}.\n", encoding="utf-8")
    answer = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-N", "-c",
                             str(tmp_path), str(docs), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300,
                            env=local_tmp(tmp_path))
    assert answer.returncode != 0
    assert "index.html:" in answer.stderr and "(AWS Access Key" in answer.stderr


def test_a_real_looking_secret_in_the_snippets_fails_naming_file_and_line(tmp_path):
    snippet = f"# notes\nexport AWS_SECRET_ACCESS_KEY='{fake_secret()}'\n"
    answer = build(tmp_path, "# Titre\n\nTexte.\n", snippet=snippet)
    assert answer.returncode != 0
    assert re.search(r"snippets/notes\.sh:2: WARNING: what looks like a credential "
                     r"\([^)]*Secret Keyword", answer.stderr), answer.stderr


def test_the_platforms_forms_fail_the_build_naming_file_line_and_detector(tmp_path):
    token, attribute, key, secret = fake_sts_token(), fake_secret() * 2, fake_minio_key(), \
        fake_secret()
    page = (f"# Titre\n\n```bash\nexport AWS_SESSION_TOKEN={token}\n```\n\n"
            f'<div class="note" data-cle="{attribute}"></div>\n')
    snippet = f"# notes\nmc alias set s3 https://minio.example.org {key} {secret}\n"
    answer = build(tmp_path, page, snippet=snippet)
    assert answer.returncode != 0
    for where, detector in ((r"index\.html:\d+", "JSON Web Token"),
                            (r"_sources/index\.md\.txt:4", "JSON Web Token"),
                            (r"index\.html:\d+", "Base64 High Entropy String"),
                            (r"snippets/notes\.sh:2", "mc alias with key and secret")):
        assert re.search(rf"{where}: WARNING: what looks like a credential \([^)]*{detector}",
                         answer.stderr), (detector, answer.stderr)
    output = answer.stdout + answer.stderr
    assert not any(value in output for value in (token, attribute, key, secret))


def test_placeholders_do_not_fail_the_build(tmp_path):
    answer = build(tmp_path, PLACEHOLDERS, snippet=PLACEHOLDERS)
    assert answer.returncode == 0, answer.stderr


def test_the_credentials_a_target_hands_out_are_found(tmp_path):
    recorded = []
    target = LazyTarget("sandbox", record=recorded.append)
    try:
        credentials = target.prepare(["gates-bucket"], [])
    finally:
        target.close()
    assert recorded == [credentials]
    page = tmp_path / "page.html"
    page.write_text(f"<p>Sortie</p>\n<pre>{credentials.session_token[:20]}"
                    f"{credentials.secret_access_key}</pre>\n", encoding="utf-8")
    assert scan([tmp_path], credentials.secrets()) == [
        (page, 2, "a credential this build's target handed out")]


EXECUTED_PAGE = """\
---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
mystnb:
  execution_mode: force
  execution_raise_on_error: true
---

# Titre

```{code-cell} python3
import os
print(os.environ["AWS_SECRET_ACCESS_KEY"][::-1][::-1])
```
"""


def test_a_credential_the_build_handed_out_fails_the_build(tmp_path):
    conf = CONF.replace("nubodoc_notebook_target = False", "nubodoc_notebook_target = True")
    answer = build(tmp_path, EXECUTED_PAGE, conf=conf)
    assert answer.returncode != 0
    assert re.search(r"index\.html:\d+: WARNING: what looks like a credential \(a credential "
                     r"this build's target handed out\)", answer.stderr), answer.stderr


def test_the_guide_passes_every_gate(site):
    assert (site / "index.html").is_file()
    assert scan([site, SNIPPETS]) == []
    assert (DOCS / "mots.txt").is_file()
