"""Platform profiles: Onyxia's region part with its evidence, borrowing, edition tags, and the
drift check against an onyxia-api regions answer."""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest

from nubodoc.cli import main
from nubodoc.core.errors import DeclarationError
from nubodoc.platform.facts import UNCONFIRMED, load_platform_facts
from nubodoc.platform.profiles import duration_text, selected_profile

from .conftest import REPO

PLATFORMS = REPO / "platforms"
SOURCE = 'source = "owner/repo docs/s3.md @ v1.0.0"\nchecked = 2026-12-04\n'


def _region_answer(**s3_changes) -> list[dict]:
    """An onyxia-api /api/public/regions answer, shaped as its Region.java and
    doc-config-s3.md describe, holding SSP Cloud's values as its profile states them."""
    s3 = {"URL": "https://minio.lab.sspcloud.fr/", "region": "us-east-1",
          "pathStyleAccess": True,
          "sts": {"URL": None, "durationSeconds": 604800, "oidcConfiguration": None},
          "workingDirectory": {"bucketMode": "multi", "bucketName": None,
                               "bucketNamePrefix": "", "bucketNamePrefixGroup": "projet-"},
          "bookmarkedDirectories": [{"fullPath": "donnees-insee/diffusion",
                                     "title": {"en": "Insee open data"}}]}
    s3.update(s3_changes)
    return [{"id": "paris", "name": "Paris", "services": {"type": "KUBERNETES"},
             "data": {"S3": s3}},
            {"id": "autre", "data": {"S3": {"URL": "https://ailleurs.example"}}}]


def _write(tmp_path, answer, name="regions.json"):
    path = tmp_path / name
    path.write_text(json.dumps(answer), encoding="utf-8")
    return path


def test_a_region_leaf_without_evidence_is_refused_at_its_line(tmp_path):
    path = tmp_path / "essai.toml"
    path.write_text('platform = "Essai"\n\n[region.data.S3]\nURL = "https://s3.essai"\n'
                    'pathStyleAccess = false\n\n[region_evidence."data.S3.URL"]\n' + SOURCE +
                    '\n[fact.platform]\ntitle = "Nom"\nvalue = "Essai"\n' + SOURCE,
                    encoding="utf-8")
    with pytest.raises(DeclarationError) as raised:
        load_platform_facts(path)
    assert raised.value.line == 5
    assert "region.data.S3.pathStyleAccess has no [region_evidence" in str(raised.value)


def test_a_borrowed_fact_the_other_profile_lacks_is_refused(tmp_path):
    (tmp_path / "base.toml").write_text('platform = "Base"\n\n[fact.platform]\ntitle = "Nom"\n'
                                        'value = "Base"\n' + SOURCE, encoding="utf-8")
    path = tmp_path / "essai.toml"
    path.write_text('platform = "Essai"\n\n[borrow]\nprofile = "base"\nfacts = ["quota"]\n\n'
                    '[fact.platform]\ntitle = "Nom"\nvalue = "Essai"\n' + SOURCE,
                    encoding="utf-8")
    with pytest.raises(DeclarationError, match="fact 'quota' is not in base.toml") as raised:
        load_platform_facts(path)
    assert raised.value.line == 5


def test_sspcloud_states_its_host_lifetime_buckets_and_diffusion_folder():
    facts = load_platform_facts(PLATFORMS / "sspcloud.toml")
    plain = facts.plain()
    assert plain["platform"] == "SSP Cloud"
    assert plain["s3_endpoint"] == "minio.lab.sspcloud.fr"
    assert plain["sts_lifetime"] == "7 jours"
    assert plain["group_bucket_pattern"] == "`projet-<projet>`"
    assert "diffusion/" in plain["public_folder"]
    assert plain["ui_files_v11"] == "« Stockage de données »"  # borrowed, with its source
    assert facts.facts["ui_files"].versions["11"].source.startswith("InseeFrLab/onyxia ")
    assert "python-datascience" in facts.images
    assert facts.tags() >= {"platform_sspcloud", "sts", "path_style", "public_folder",
                            "group_buckets"}
    assert "Nubonyxia" not in json.dumps(plain, ensure_ascii=False)


def test_nubonyxia_keeps_its_values_and_tags():
    facts = load_platform_facts(PLATFORMS / "nubonyxia.toml")
    plain = facts.plain()
    assert plain["s3_endpoint"] == "minio.lab.incubateur.finances.rie.gouv.fr"
    assert plain["sts_lifetime"] == "24 heures"
    assert plain["personal_bucket_pattern"].endswith(UNCONFIRMED)
    assert {"platform_nubonyxia", "sts", "private_ca"} <= facts.tags()
    assert not facts.tags() & {"public_folder", "group_buckets", "platform_sspcloud"}


@pytest.mark.parametrize(("seconds", "text"), [(3600, "1 heure"), (86400, "24 heures"),
                                               (172800, "48 heures"), (604800, "7 jours"),
                                               (5400, "1.5 heures")])
def test_durations_read_as_the_pages_say_them(seconds, text):
    assert duration_text(seconds) == text


def test_the_profile_comes_from_the_environment():
    assert selected_profile({}) == "nubonyxia"
    assert selected_profile({"NUBODOC_PLATFORM": "sspcloud"}) == "sspcloud"


def test_the_drift_check_passes_on_a_matching_answer(tmp_path, capsys):
    regions = _write(tmp_path, _region_answer())
    assert main(["--snippets", str(REPO / "snippets"), "platform", "check", "sspcloud",
                 "--regions", str(regions)]) == 0
    assert "matches region 'paris'" in capsys.readouterr().out


def test_the_drift_check_lists_each_planted_difference_with_both_values(tmp_path, capsys):
    answer = _region_answer(pathStyleAccess=False)
    answer[0]["data"]["S3"]["sts"]["durationSeconds"] = 86400
    del answer[0]["data"]["S3"]["workingDirectory"]["bucketNamePrefixGroup"]
    regions = _write(tmp_path, answer)
    assert main(["--snippets", str(REPO / "snippets"), "platform", "check",
                 str(PLATFORMS / "sspcloud.toml"), "--regions", str(regions)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "region.data.S3.pathStyleAccess: profile sspcloud says true, the instance says false",
        "region.data.S3.sts.durationSeconds: profile sspcloud says 604800, "
        "the instance says 86400",
        'region.data.S3.workingDirectory.bucketNamePrefixGroup: profile sspcloud says '
        '"projet-", the instance says (absent)']


def test_the_drift_check_reads_an_address_and_picks_a_region(tmp_path, capsys):
    _write(tmp_path, {"regions": _region_answer()}, "regions")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/regions"
        assert main(["platform", "check", str(PLATFORMS / "sspcloud.toml"), "--regions", url,
                     "--region-id", "autre"]) == 1
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    out = capsys.readouterr().out
    assert 'profile sspcloud says "https://minio.lab.sspcloud.fr", the instance says ' \
           '"https://ailleurs.example"' in out


def test_the_drift_check_names_a_malformed_answer(tmp_path, capsys):
    regions = tmp_path / "regions.json"
    regions.write_text('[{"id": "paris",\n "data": }]', encoding="utf-8")
    assert main(["platform", "check", str(PLATFORMS / "sspcloud.toml"),
                 "--regions", str(regions)]) == 1
    assert f"{regions}:2: invalid JSON" in capsys.readouterr().err
