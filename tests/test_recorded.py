"""Committed results (recorded/): recorded by ``nubodoc record``, shown with where they ran,
stale once a file changes, guarded by ``nubodoc check``."""

from __future__ import annotations

import base64
import html
import json
import os
import re
import time
from pathlib import Path

import pytest

from nubodoc.catalogue import load_task
from nubodoc.cli import main
from nubodoc.results.recorded import CommittedResults, recorded_dir
from nubodoc.results.store import FAILED, PARSED, PASSED, Result, ResultStore, inputs_hash
from nubodoc.sphinx.results import output_nodes, store_for

COMMITTED = Path("recorded/nubonyxia/sandbox/lire-csv/r.json")


def ran(task, outcome=PASSED, stdout="Nombre d'équipements : 21 \n", **changes) -> Result:
    values = dict(task=task.name, language="r", target="sandbox", outcome=outcome,
                  inputs=inputs_hash(task, "r"), date="2026-12-04T18:24:02+00:00",
                  server="le bac à sable S3 (moto 5.2.5)", stdout=stdout,
                  versions={"R": "4.2.2", "aws.s3": "0.3.22"})
    values.update(changes)
    return Result(**values)


@pytest.fixture
def machine(task_copy, tmp_path, monkeypatch):
    """lire-csv in a fresh snippets folder; this machine's results in their own folder."""
    task = load_task(task_copy("lire-csv"))
    results = tmp_path / "machine-results"
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(tmp_path / "build-results"))
    return task, ResultStore(results), results


def record(task, results: Path, *extra: str) -> int:
    return main(["--snippets", str(task.folder.parent), "record", "--results", str(results),
                 *extra])


def shown(task) -> str:
    """What the page shows under lire-csv's R tab, from a build's store (none of its own):
    the output's text and the badge's, without its markup."""
    text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", node.astext())) for node in
                      output_nodes(store_for(task.folder.parent), task, "r", None, None))
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_committed_result_is_shown_with_where_and_when_it_ran(machine):
    task, store, results = machine
    store.save(ran(task))
    assert record(task, results) == 0
    committed = json.loads((task.folder.parent.parent / COMMITTED).read_text(encoding="utf-8"))
    assert committed["origin"] == "maintainer"
    assert set(committed["files"]) == {"snippet.R", "task.toml"}
    page = shown(task)
    assert "Nombre d'équipements : 21" in page
    assert ("Exécuté le 4 décembre 2026 sur le poste d'un mainteneur (R 4.2.2, aws.s3 0.3.22), "
            "sur le bac à sable S3 (moto 5.2.5)") in page


def test_editing_the_snippet_makes_it_stale_and_recording_again_current(machine, capsys):
    task, store, results = machine
    store.save(ran(task))
    assert record(task, results) == 0
    snippet = task.snippet_path("r")
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\n# modifié\n", encoding="utf-8")
    build = ResultStore(os.environ["NUBODOC_RESULTS_DIR"])
    build.save(ran(task, PARSED, stdout="", server=None, versions={},
                   checked_by="aws.s3 absent ; le code a été analysé par R"))
    page = shown(task)
    assert "Nombre d'équipements" not in page
    # the badge alone: the parse, then the committed result named stale, nothing else
    assert re.fullmatch(r"– Non exécuté ici : aws\.s3 absent ; le code a été analysé par R "
                        r"\(\d\d/\d\d/\d{4}\) ; résultat enregistré périmé depuis la "
                        r"modification du \d{1,2}(er)? \w+ \d{4}", page), page
    capsys.readouterr()
    assert main(["--snippets", str(task.folder.parent), "check"]) == 0
    assert "lire-csv/r.json: stale for 0 day(s), since snippet.R changed" in capsys.readouterr().out
    store.save(ran(task, stdout="Nombre d'équipements : 21 \n"))
    assert record(task, results) == 0
    page = shown(task)
    assert "Nombre d'équipements : 21" in page and "périmé" not in page
    assert main(["--snippets", str(task.folder.parent), "check"]) == 0
    assert "no committed result is stale" in capsys.readouterr().out


def test_check_fails_on_a_result_stale_for_too_long(machine, capsys):
    task, store, results = machine
    store.save(ran(task))
    assert record(task, results) == 0
    snippet = task.snippet_path("r")
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    old = time.time() - 40 * 86400
    os.utime(snippet, (old, old))
    assert main(["--snippets", str(task.folder.parent), "check", "--stale-days", "45"]) == 0
    assert main(["--snippets", str(task.folder.parent), "check"]) == 1
    assert "stale for more than 30 days" in capsys.readouterr().out


def _plant(task, text: str) -> Path:
    planted = recorded_dir(task.folder.parent) / "nubonyxia" / "seaweedfs" / "lire-csv" / "r.json"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text(text, encoding="utf-8")
    return planted


def _result_text(task, stdout: str) -> str:
    result = ran(task, stdout=stdout, target="seaweedfs", origin="maintainer")
    return json.dumps(result.__dict__, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("kind", ["malformed", "secret", "machine path"])
def test_check_fails_on_a_planted_committed_file(task_copy, kind, capsys):
    task = load_task(task_copy("lire-csv"))
    key = base64.b64encode(os.urandom(30)).decode()
    text = {"malformed": '{"task": "lire-csv",\n "language": ',
            "secret": _result_text(task, f"aws_secret_access_key = {key}\n"),
            "machine path": _result_text(task, "écrit dans /home/alice/equipements.csv\n"),
            }[kind]
    planted = _plant(task, text)
    assert main(["--snippets", str(task.folder.parent), "check"]) == 1
    found = capsys.readouterr().out
    expected = {"malformed": f"{planted}:2: not JSON",
                "secret": f"{planted}:11: looks like a credential",
                "machine path": f"{planted}:11: a path of the machine ('/home/alice')"}[kind]
    assert expected in found
    assert key not in found


def test_record_refuses_a_run_with_a_failure(machine, capsys):
    task, store, results = machine
    store.save(ran(task))
    store.save(ran(task, FAILED, target="seaweedfs", server="SeaweedFS 4.48"))
    assert record(task, results) == 1
    assert "lire-csv[r] on seaweedfs failed: a run with a failure is not recorded" in \
        capsys.readouterr().err
    assert not recorded_dir(task.folder.parent).exists()


def test_record_leaves_out_a_machine_path_and_keeps_the_previous_file(machine, capsys):
    task, store, results = machine
    store.save(ran(task))
    assert record(task, results) == 0
    store.save(ran(task, stdout="lu depuis /tmp/RtmpAbc/equipements.csv\n",
                   date="2026-12-05T09:00:00+00:00"))
    assert record(task, results) == 1
    assert "a path of the machine ('/tmp/')" in capsys.readouterr().err
    kept = CommittedResults(recorded_dir(task.folder.parent)).results("lire-csv", "r")
    assert [result.date for result in kept] == ["2026-12-04T18:24:02+00:00"]


def test_a_local_run_wins_over_a_committed_one_and_a_local_parse_does_not(machine):
    task, store, results = machine
    store.save(ran(task))
    assert record(task, results) == 0
    build = store_for(task.folder.parent)
    build.save(ran(task, PARSED, stdout="", server=None, checked_by="analysé par R"))
    assert build.best(task, "r").origin == "maintainer"
    build.save(ran(task, stdout="local\n", date="2026-12-06T10:00:00+00:00"))
    assert build.best(task, "r").origin == "build"
    assert build.best(task, "r").stdout == "local\n"
