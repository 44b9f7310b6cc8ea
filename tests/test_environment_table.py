"""The testing page lists every variable the harness sets, and whether a service has it."""

from __future__ import annotations

from pathlib import Path

from nubodoc.credentials import Credentials
from nubodoc.environment import (
    ON_THE_PLATFORM,
    S3_VARIABLES,
    platform_variables,
    service_environment,
    variables_table,
)

from .conftest import DOCS


def test_every_variable_the_harness_sets_is_described(tmp_path: Path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    keys = Credentials("CLE", "SECRET", "JETON")
    env = service_environment("https://s3.example:9000", keys, ca, tmp_path, base={})
    set_by_harness = set(env) - {"HOME"}
    assert set_by_harness <= set(S3_VARIABLES)
    assert set(platform_variables("https://s3.example", keys)) <= set(S3_VARIABLES)
    assert set(ON_THE_PLATFORM) == set(S3_VARIABLES)


def test_the_page_shows_the_table_of_environment_py():
    page = (DOCS / "comprendre" / "comment-ce-guide-est-teste.md").read_text(encoding="utf-8")
    assert variables_table() in page, (
        "docs/comprendre/comment-ce-guide-est-teste.md: the variables table differs from "
        "nubodoc.environment.variables_table(); paste its output into the page")
