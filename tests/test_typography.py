"""French typography is applied to prose, never to code, URLs or figures that are names."""

from __future__ import annotations

import pytest
from docutils.core import publish_doctree

from nubodoc.sphinx.typography import NBSP, NNBSP, FrenchTypography, french


@pytest.mark.parametrize(("text", "expected"), [
    ("Attention: le port", f"Attention{NBSP}: le port"),
    ("le quota : 50 Go", f"le quota{NBSP}: 50{NBSP}Go"),
    ("Quoi ? Vraiment ! Oui ; non", f"Quoi{NNBSP}? Vraiment{NNBSP}! Oui{NNBSP}; non"),
    ("Quoi?", f"Quoi{NNBSP}?"),
    ("« Mes fichiers »", f"«{NNBSP}Mes fichiers{NNBSP}»"),
    ("«Mes fichiers»", f"«{NNBSP}Mes fichiers{NNBSP}»"),
    (f"«{NBSP}déjà{NBSP}»", f"«{NNBSP}déjà{NNBSP}»"),
    ("un fichier , puis un autre .", "un fichier, puis un autre."),
    ("86400 secondes", f"86{NNBSP}400 secondes"),
    ("1234567 lignes", f"1{NNBSP}234{NNBSP}567 lignes"),
    ("parties de 16 Mio, 5 Gio, 24 h, 1.5 Go", f"parties de 16{NBSP}Mio, 5{NBSP}Gio, "
                                              f"24{NBSP}h, 1.5{NBSP}Go"),
])
def test_prose_gets_french_spacing(text, expected):
    assert french(text) == expected


@pytest.mark.parametrize("text", [
    "à 10:30 précises",
    "voir https://minio.example.org:9000/bucket ici",
    "ajoutez ?lang=r à l’adresse",
    "le ticket minio/minio#14075",
    "en 2019, sur le port 9000",
    "les fichiers .csv et .parquet",
    "le bucket s3 et 2 heures",
    "ratio 3:2",
])
def test_what_is_not_punctuation_stays_as_written(text):
    assert french(text) == text


def test_punctuation_after_inline_code_gets_its_space():
    assert french(": la suite", after_inline=True) == f"{NBSP}: la suite"
    assert french("? la suite", after_inline=True) == f"{NNBSP}? la suite"
    assert french(": la suite") == ": la suite"


def test_applying_twice_changes_nothing_more():
    once = french("Quoi ? « oui » : 86400 s")
    assert french(once) == once


def doctree(source: str):
    document = publish_doctree(source, settings_overrides={"report_level": 5})
    document.transformer.add_transform(FrenchTypography)
    document.transformer.apply_transforms()
    return document


def test_the_transform_leaves_code_literals_and_urls_alone():
    document = doctree(
        "Lancez ``mc ls s3/ : ?lang=r`` : puis ouvrez https://exemple.fr:9000/a?b=c !\n\n"
        "::\n\n    print(\"Quoi ? « non »\")  # 86400\n")
    literal, block = document.findall(lambda n: n.tagname in ("literal", "literal_block"))
    assert literal.astext() == "mc ls s3/ : ?lang=r"
    assert block.astext() == "print(\"Quoi ? « non »\")  # 86400"
    paragraph = document.children[0].astext()
    assert paragraph.startswith(f"Lancez mc ls s3/ : ?lang=r{NBSP}: puis ouvrez")
    assert "https://exemple.fr:9000/a?b=c" in paragraph
    assert paragraph.endswith(f"a?b=c{NNBSP}!")
    reference = next(document.findall(lambda n: n.tagname == "reference"))
    assert reference["refuri"] == "https://exemple.fr:9000/a?b=c"
