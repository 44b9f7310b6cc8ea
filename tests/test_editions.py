"""One guide, one edition per platform profile: NUBODOC_PLATFORM picks the profile, and every
platform fact and condition on a page comes from it. One build per edition (with -W -n);
snippets are not run (their results are the results store's business)."""

from __future__ import annotations

import os
import re

import pytest

from .conftest import DOCS, REPO, sphinx_build

SSP_HOST = "minio.lab.sspcloud.fr"


def _build(tmp_path_factory, profile: str):
    out = tmp_path_factory.mktemp(f"edition-{profile}")
    env = {**os.environ, "NUBODOC_PLATFORM": profile,
           "NUBODOC_RESULTS_DIR": str(tmp_path_factory.mktemp(f"results-{profile}"))}
    answer = sphinx_build(DOCS, REPO, out, "-D", "nubodoc_run_snippets=0", env=env)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    return {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
            for path in out.rglob("*.html")}


@pytest.fixture(scope="module")
def sspcloud(tmp_path_factory) -> dict[str, str]:
    return _build(tmp_path_factory, "sspcloud")


@pytest.fixture(scope="module")
def nubonyxia(tmp_path_factory) -> dict[str, str]:
    return _build(tmp_path_factory, "nubonyxia")


def test_the_sspcloud_edition_states_sspcloud_facts_and_never_nubonyxia(sspcloud):
    site = "\n".join(sspcloud.values())
    assert "<title>Stockage sur SSP Cloud</title>" in sspcloud["index.html"]
    for fact in (SSP_HOST, "projet-", "diffusion/", "donnees-insee"):
        assert fact in site, fact
    assert re.search(r"\b7\s+jours\b", site)
    assert [page for page, html in sspcloud.items() if "Nubonyxia" in html] == []
    assert "incubateur.finances" not in site
    assert "(sans objet)" not in site
    sharing = sspcloud["guides/bucket-partage.html"]
    assert "Partager en lecture avec tous" in sharing


def test_the_nubonyxia_edition_never_names_sspcloud_host(nubonyxia):
    site = "\n".join(nubonyxia.values())
    assert "<title>Stockage sur Nubonyxia</title>" in nubonyxia["index.html"]
    assert "minio.lab.incubateur.finances.rie.gouv.fr" in site
    assert re.search(r"\b24\s+heures\b", site)
    assert SSP_HOST not in site
    assert "(sans objet)" not in site
    assert "Partager en lecture avec tous" not in nubonyxia["guides/bucket-partage.html"]
    assert "bercyCA.crt" in nubonyxia["guides/utiliser-depuis-un-service.html"]
