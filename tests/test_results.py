"""The results store: recording, staleness by hash, replacement rules, cleaned output."""

from __future__ import annotations

import tempfile

import pytest

from nubodoc.catalogue import load_task
from nubodoc.core.errors import DeclarationError
from nubodoc.harness.recording import run_and_record
from nubodoc.harness.redaction import MASK
from nubodoc.harness.shown_output import ENDPOINT, REQUEST_DIGEST, clean, truncated
from nubodoc.results.status import NO_RESULT, status_line
from nubodoc.results.store import FAILED, PARSED, PASSED, Result, ResultStore, inputs_hash
from nubodoc.targets.sandbox import open_sandbox


def result(task, language="python", outcome=PASSED, **changes) -> Result:
    values = dict(task=task.name, language=language, target="sandbox", outcome=outcome,
                  inputs=inputs_hash(task, language), date="2026-11-29T10:00:00+00:00",
                  server="le bac à sable S3 (moto 5.2.5)", stdout="sortie\n",
                  versions={"Python": "3.11.7", "s3fs": "2026.9.0"})
    values.update(changes)
    return Result(**values)


def test_record_load_and_stale_by_hash(task_copy, tmp_path):
    folder = task_copy("lister-fichiers")
    task = load_task(folder)
    store = ResultStore(tmp_path / "results")
    assert store.save(result(task))
    assert store.load(task.name, "python", "sandbox").stdout == "sortie\n"
    assert [r.outcome for r in store.current(task, "python")] == [PASSED]
    (folder / "snippet.py").write_text("print('autre')\n", encoding="utf-8")
    assert store.current(load_task(folder), "python") == []
    assert store.best(load_task(folder), "python") is None


def test_a_seed_change_makes_the_result_stale(task_copy, tmp_path):
    folder = task_copy("lister-fichiers")
    before = inputs_hash(load_task(folder), "python")
    declaration = folder / "task.toml"
    declaration.write_text(declaration.read_text(encoding="utf-8").replace(
        "Données d'exemple", "Autres données"), encoding="utf-8")
    assert inputs_hash(load_task(folder), "python") != before


def test_parsed_never_replaces_passed_but_a_failure_does(task_copy, tmp_path):
    task = load_task(task_copy("lister-fichiers"))
    store = ResultStore(tmp_path)
    store.save(result(task))
    assert not store.save(result(task, outcome=PARSED, server=None, stdout=""))
    assert store.load(task.name, "python", "sandbox").outcome == PASSED
    assert store.save(result(task, outcome=FAILED, stdout="erreur\n"))
    assert store.load(task.name, "python", "sandbox").outcome == FAILED


#: A key ID of STS's form, assembled here so that none is written in the repository.
TEMPORARY_KEY = "ASIA" + "ABCDEFGHIJKLMNOP"


def test_clean_puts_back_what_the_page_shows():
    variables = {
        "AWS_ACCESS_KEY_ID": TEMPORARY_KEY,
        "AWS_SECRET_ACCESS_KEY": "secret/with+chars0123456789",
        "AWS_SESSION_TOKEN": "FQoG+token/value==",
        "AWS_ENDPOINT_URL": "https://127.0.0.1:45871/",
        "AWS_S3_ENDPOINT": "127.0.0.1:45871",
        "HOME": "/tmp/nubodoc-lire-csv-python-x1y2",
        "MA_CLE": "permanentkey12345",
    }
    text = (f"https://127.0.0.1:45871/b/k?X-Amz-Credential={TEMPORARY_KEY}%2F2026"
            "&X-Amz-Security-Token=FQoG%2Btoken%2Fvalue%3D%3D\n"
            "écrit /tmp/nubodoc-lire-csv-python-x1y2/sortie.csv\n"
            "hôte 127.0.0.1:45871 clé permanentkey12345 secret secret/with+chars0123456789\n")
    shown = clean(text, variables, ["secret/with+chars0123456789"], ["MA_CLE"])
    for value in ("45871", "127.0.0.1", "ASIAABCDEF", "FQoG", "token", "/tmp/", "permanentkey",
                  "chars0123"):
        assert value not in shown
    assert shown.startswith(f"https://{ENDPOINT}/b/k?X-Amz-Credential=$AWS_ACCESS_KEY_ID")
    assert "écrit ./sortie.csv" in shown
    assert f"hôte {ENDPOINT} clé $MA_CLE secret $AWS_SECRET_ACCESS_KEY" in shown
    assert MASK not in shown


def test_clean_hides_a_kit_folder_inside_the_session_root():
    folder = f"{tempfile.gettempdir()}/nubodoc-session-12-34-ab/nubodoc-seaweedfs-cd"
    shown = clean(f"lu {folder}/seaweedfs-ca.pem\n", {}, [])
    assert shown == "lu <dossier temporaire>/seaweedfs-ca.pem\n"


def test_clean_names_the_digest_of_a_signed_request():
    """aws.s3 prints a refused call's string to sign, whose last line hashes the run's
    endpoint and time: R's ``str()`` writes its line breaks out and cuts it short."""
    digest = "6cc41c5cb0d0541a4d24b7d333a0a7496e60cb0"
    printed = ('attr(*, "request_string_to_sign")= chr "AWS4-HMAC-SHA256\\n20261205T071015Z'
               f'\\n20261205/us-east-1/s3/aws4_request\\n{digest}"| __truncated__\n'
               f"AWS4-HMAC-SHA256\n20261205T071015Z\n20261205/us-east-1/s3/aws4_request\n{digest}\n")
    shown = clean(printed, {}, [])
    assert digest not in shown
    assert shown.count(f"aws4_request\\n{REQUEST_DIGEST}\"| __truncated__") == 1
    assert shown.endswith(f"aws4_request\n{REQUEST_DIGEST}\n")


def test_truncated_adds_an_ellipsis_line():
    assert truncated("a\nb\nc\n", 2) == "a\nb\n…"
    assert truncated("a\nb\n", 2) == "a\nb"


def test_status_lines_say_no_more_than_the_store(task_copy):
    task = load_task(task_copy("lister-fichiers"))
    assert status_line(result(task)) == ("Exécuté le 29/11/2026 sur le bac à sable S3 "
                                         "(moto 5.2.5) — Python 3.11.7, s3fs 2026.9.0")
    parsed = result(task, "r", PARSED, server=None, versions={},
                    checked_by="aws.s3 absent ; le code a été analysé par R")
    assert status_line(parsed).startswith(
        "Non exécuté ici : aws.s3 absent ; le code a été analysé par R")
    assert status_line(None) == NO_RESULT


def test_output_table_is_checked_with_file_and_line(task_copy):
    folder = task_copy("lister-fichiers")
    declaration = folder / "task.toml"
    declaration.write_text(declaration.read_text(encoding="utf-8")
                           + "\n[output]\nshow = false\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"task\.toml:\d+: \[output\] show = false "
                                               r"needs reason"):
        load_task(folder)


@pytest.fixture(scope="module")
def sandbox():
    target = open_sandbox()
    yield target
    target.close()


def test_a_run_is_recorded_with_clean_output_and_versions(task_copy, tmp_path, sandbox):
    task = load_task(task_copy("lister-fichiers"))
    store = ResultStore(tmp_path / "store")
    run_and_record(task, "python", sandbox, store)
    recorded = store.load(task.name, "python", "sandbox")
    assert recorded.outcome == PASSED
    assert "utilisateur/BPE/2019/BPE_ENS.csv 359" in recorded.stdout
    assert recorded.server == sandbox.server_label
    assert recorded.versions["s3fs"] == "2026.9.0"
    port = sandbox.endpoint_url.rsplit(":", 1)[1].strip("/")
    assert port not in recorded.stdout + recorded.stderr


def test_each_tool_has_its_own_result_and_hash(task_copy, tmp_path):
    folder = task_copy("lire-csv")
    task = load_task(folder)
    store = ResultStore(tmp_path / "results")
    assert inputs_hash(task, "python") != inputs_hash(task, "python-polars")
    store.save(result(task, "python-polars", stdout="polars\n"))
    store.save(result(task, "python"))
    assert store.path(task.name, "python-polars", "sandbox").name == (
        "lire-csv.python-polars.sandbox.json")
    assert store.best(task, "python-polars").stdout == "polars\n"
    (folder / "snippet.polars.py").write_text("print('autre')\n", encoding="utf-8")
    task = load_task(folder)
    assert store.best(task, "python-polars") is None
    assert store.best(task, "python").stdout == "sortie\n"


def test_status_names_every_server_the_file_passed_on():
    from nubodoc.results.status import status_line
    from nubodoc.results.store import Result

    def passed(target: str, server: str) -> Result:
        return Result(task="t", language="python", target=target, outcome="passed",
                      inputs="h", date="2026-11-29T10:00:00+00:00", server=server,
                      versions={"Python": "3.11.7"})

    line = status_line(passed("sandbox", "le bac à sable S3"),
                       [passed("seaweedfs", "SeaweedFS 4.48")])
    assert line == ("Exécuté le 29/11/2026 sur le bac à sable S3 et SeaweedFS 4.48"
                    " — Python 3.11.7")
