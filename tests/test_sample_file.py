"""The sample file readers download from the guide is the one the snippets are tested on."""

from __future__ import annotations

from nubodoc.catalogue.task import SEEDS_DIR

from .conftest import DOCS


def test_downloadable_sample_is_the_seeded_file():
    shown = (DOCS / "donnees" / "BPE_ENS.csv").read_bytes()
    assert shown == (SEEDS_DIR / "bpe_ens_2019.csv").read_bytes(), (
        "docs/donnees/BPE_ENS.csv differs from nubodoc/catalogue/seeds/bpe_ens_2019.csv: "
        "copy the seed")
