"""The R runner answers ``rstudioapi::askForPassword()`` through rstudioapi's job protocol."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from nubodoc.runners import RUNNERS
from nubodoc.runners.base import SnippetTimeout
from nubodoc.runners.r import DIALOGS_PACKAGE, r_facts

pytestmark = pytest.mark.skipif(
    shutil.which("Rscript") is None or not r_facts().has(DIALOGS_PACKAGE),
    reason="Rscript or R package rstudioapi not installed (apt-get install r-cran-rstudioapi)",
)

ASK = 'tryCatch(rstudioapi::askForPassword("{prompt}"), error = conditionMessage)'


def run_r(tmp_path, code: str, typed: str, timeout: float = 60):
    """Run *code* as an R file with the R runner, *typed* given to its dialogs."""
    script = tmp_path / "snippet.R"
    script.write_text(code, encoding="utf-8")
    return RUNNERS["r"].run(script, dict(os.environ), tmp_path, timeout, shown_as=script,
                            typed=typed)


def test_each_dialog_gets_the_next_typed_value(tmp_path):
    code = "".join(f'cat("{n}:", {ASK.format(prompt=n)}, "\\n")\n' for n in ("a", "b", "c"))
    result = run_r(tmp_path, code, typed="cle-neuve\nsecret neuf\njeton/neuf=\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a: cle-neuve \nb: secret neuf \nc: jeton/neuf= \n"
    assert not list((tmp_path / "rstudioapi-ipc").iterdir()), "no request nor answer is left"


def test_a_dialog_past_the_typed_values_fails_at_once(tmp_path):
    code = f'cat({ASK.format(prompt="a")}, "\\n")\ncat({ASK.format(prompt="b")}, "\\n")\n'
    result = run_r(tmp_path, code, typed="seule\n")
    assert result.stdout.splitlines()[0] == "seule "
    assert "no typed value left" in result.stdout.splitlines()[1]
    assert result.seconds < 10, "rstudioapi's own 10 s wait must never be reached"


def test_a_request_with_a_wrong_secret_is_refused_and_gets_no_value(tmp_path):
    code = ('secret <- Sys.getenv("RSTUDIOAPI_IPC_SHARED_SECRET")\n'
            'Sys.setenv(RSTUDIOAPI_IPC_SHARED_SECRET = "pas-le-bon")\n'
            f'cat("faux:", {ASK.format(prompt="a")}, "\\n")\n'
            'Sys.setenv(RSTUDIOAPI_IPC_SHARED_SECRET = secret)\n'
            f'cat("bon:", {ASK.format(prompt="b")}, "\\n")\n')
    result = run_r(tmp_path, code, typed="valeur-tapee\n")
    refused, answered = result.stdout.splitlines()
    assert "refused by the test harness: wrong shared secret" in refused
    assert "valeur-tapee" not in refused
    assert answered == "bon: valeur-tapee ", "the refused request used up no typed value"


def test_any_other_rstudio_call_gets_an_r_error(tmp_path):
    code = ('answer <- tryCatch(rstudioapi::showPrompt("Titre", "Message"),\n'
            '                   error = function(e) paste("erreur:", conditionMessage(e)))\n'
            'cat(answer, "\\n")\n'
            f'cat("ensuite:", {ASK.format(prompt="a")}, "\\n")\n')
    result = run_r(tmp_path, code, typed="valeur\n")
    other, then = result.stdout.splitlines()
    assert other.startswith("erreur: rstudioapi request refused by the test harness: only "
                            'askForPassword is answered here, not rstudioapi::callFun("showPrompt"')
    assert then == "ensuite: valeur "


def test_a_run_without_typed_values_is_no_rstudio_job(tmp_path):
    result = run_r(tmp_path, 'cat(rstudioapi:::isJob(), "\\n")\n', typed="")
    assert result.stdout == "FALSE \n"
    assert not (tmp_path / "rstudioapi-ipc").exists()


def test_a_snippet_stuck_after_its_dialog_is_stopped_and_the_answerer_with_it(tmp_path):
    code = f'cat({ASK.format(prompt="a")}, "\\n")\nSys.sleep(600)\n'
    started = time.monotonic()
    with pytest.raises(SnippetTimeout, match="still running after 5 s"):
        run_r(tmp_path, code, typed="valeur\n", timeout=5)
    assert time.monotonic() - started < 20
    assert not [t for t in threading.enumerate() if t.name == "nubodoc-rstudioapi-answerer"]


def test_the_typed_value_is_on_no_command_line(tmp_path):
    """While an answer is written, the value is on the answering Rscript's standard input."""
    marker = "valeur-jamais-en-argument"
    seen: list[str] = []
    stop = threading.Event()

    def watch_command_lines():
        while not stop.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    line = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if "Rscript" in line or "/R " in line:
                    seen.append(line)

    watcher = threading.Thread(target=watch_command_lines)
    watcher.start()
    try:
        result = run_r(tmp_path, "".join(
            f'cat({ASK.format(prompt=n)}, "\\n")\n' for n in "abcde"), typed=f"{marker}\n" * 5)
    finally:
        stop.set()
        watcher.join()
    assert result.stdout.count(marker) == 5
    assert any("request-being-answered.rds" in line for line in seen), \
        "the watcher saw an answering Rscript"
    assert not [line for line in seen if marker in line]


def test_without_rstudioapi_a_renewal_item_is_parsed_saying_why(monkeypatch):
    from nubodoc.runners import r as r_runner

    facts = r_facts()
    without = r_runner.RFacts(facts.library_paths, tuple(
        (name, version) for name, version in facts.versions if name != DIALOGS_PACKAGE))
    monkeypatch.setattr(r_runner, "r_facts", lambda: without)
    runner = RUNNERS["r"]
    assert "R package rstudioapi is not installed" in runner.cannot_read_typed_reason()
    if without.has(runner.package):
        assert runner.not_run() == ("parsed", "rstudioapi absent ; le code a été analysé par R")
