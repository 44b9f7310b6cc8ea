"""``credentials = "renewal"``: expired credentials in the session, fresh ones as placeholders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nubodoc.catalogue import load_task
from nubodoc.core.capabilities import Capability
from nubodoc.core.errors import DeclarationError, UnsupportedOnTarget
from nubodoc.harness.execution import SnippetFailure, run_task
from nubodoc.harness.recording import run_and_record
from nubodoc.results.store import FAILED, SKIPPED, ResultStore

from .test_catalogue import MISSING, make_task

RENEWAL = ('[renewal]\naccess_key = "<cle>"\nsecret_key = "<secret>"\n'
           'session_token = "<jeton>"\n')
PYTHON = 'print("<cle>", "<secret>", "<jeton>")\n'


def test_renewal_placeholders_count_as_declared(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "ok"\ncredentials = "renewal"\n' + RENEWAL
                       + MISSING, {"snippet.py": PYTHON})
    task = load_task(folder)
    assert task.renewal.placeholders() == ("<cle>", "<secret>", "<jeton>")
    assert "<cle>" not in task.fill_placeholders(PYTHON)


@pytest.mark.parametrize(("toml", "message"), [
    ('credentials = "renewal"\n', r"task\.toml:2: credentials = \"renewal\" needs a \[renewal\]"),
    (RENEWAL, r"task\.toml:2: \[renewal\] needs credentials = \"renewal\""),
    ('credentials = "renewal"\n' + RENEWAL.replace('"<jeton>"', '"jeton"'),
     r"task\.toml:6: \[renewal\] session_token must be a placeholder"),
    ('credentials = "renewal"\n' + RENEWAL + 'region = "<r>"\n',
     r"task\.toml:7: \[renewal\] unknown key 'region' \(expected one of: access_key, "),
    ('credentials = "renewal"\n' + RENEWAL.replace('session_token = "<jeton>"\n', ""),
     r"task\.toml:3: \[renewal\] missing required key 'session_token'"),
    ('credentials = "renewal"\n[placeholders]\n"<cle>" = "x"\n' + RENEWAL,
     r"task\.toml:4: placeholder <cle> is declared twice"),
])
def test_malformed_renewal_names_file_and_line(tmp_path, toml, message):
    folder = make_task(tmp_path / "t", 'title = "ok"\n' + toml + MISSING,
                       {"snippet.py": "print(1)\n"})
    with pytest.raises(DeclarationError, match=message):
        load_task(folder)


def test_renewed_session_works_and_fresh_keys_are_secrets(task_copy, s3_target, tmp_path):
    task = load_task(task_copy("renouveler-identifiants"))
    store = ResultStore(tmp_path / "results")
    outcome = run_and_record(task, "python", s3_target, store)
    assert "Avant : échec" in outcome.result.stdout
    assert "Après : ['utilisateur/resultats.csv']" in outcome.result.stdout
    expired = outcome.variables["AWS_SECRET_ACCESS_KEY"]
    fresh = [s for s in outcome.secrets if s not in outcome.variables.values()]
    assert len(fresh) == 3 and expired not in fresh, "the fresh keys are secrets too"
    stored = store.path(task.name, "python", s3_target.name).read_text(encoding="utf-8")
    assert not [secret for secret in outcome.secrets if secret in stored]


def test_session_credentials_really_expired(task_copy, s3_target):
    folder = task_copy("renouveler-identifiants")
    snippet = (folder / "snippet.py").read_text(encoding="utf-8")
    kept = [line for line in snippet.splitlines() if not line.startswith("os.environ[")]
    (folder / "snippet.py").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(SnippetFailure, match="InvalidAccessKeyId"):
        run_task(load_task(folder), "python", s3_target)


def test_printed_fresh_keys_are_masked(task_copy, s3_target, tmp_path):
    folder = task_copy("renouveler-identifiants")
    with (folder / "snippet.py").open("a", encoding="utf-8") as stream:
        stream.write('print("<nouvelle_cle_secrete>", "<nouveau_jeton>")\nraise SystemExit(3)\n')
    store = ResultStore(tmp_path / "results")
    with pytest.raises(SnippetFailure) as failure:
        run_and_record(load_task(folder), "python", s3_target, store)
    secrets = failure.value.outcome.secrets
    stored = json.loads(store.path(folder.name, "python", s3_target.name).read_text("utf-8"))
    assert stored["outcome"] == FAILED and "[masqué] [masqué]" in stored["stdout"]
    assert not [s for s in secrets if s in str(failure.value) or s in json.dumps(stored)]


class WithoutExpiry:
    """A target that declares no expiring credentials (as SeaweedFS or an external one)."""

    def __init__(self, target):
        self._target = target
        self.capabilities = target.capabilities - {Capability.EXPIRING_CREDENTIALS}

    def __getattr__(self, name):
        return getattr(self._target, name)

    def expired_credentials(self):
        raise AssertionError("asked for what the target does not declare")


def test_target_without_expired_credentials_skips_saying_why(task_copy, s3_target, tmp_path):
    task = load_task(task_copy("renouveler-identifiants"))
    store = ResultStore(tmp_path / "results")
    lacking = "credentials that expire during the run"
    with pytest.raises(UnsupportedOnTarget, match=lacking):
        run_and_record(task, "python", WithoutExpiry(s3_target), store)
    stored = store.load(task.name, "python", s3_target.name)
    assert stored.outcome == SKIPPED and lacking in stored.reason


#: How each language reads a secret without echoing or storing it.
MASKED_READS = {"r": "rstudioapi::askForPassword(", "python": "getpass(", "mc": "read -rsp "}


def test_fresh_credentials_are_typed_at_masked_prompts_never_pasted_into_the_file():
    task = load_task(Path(__file__).parents[1] / "snippets" / "renouveler-identifiants")
    for language in task.languages():
        text = task.snippet_path(language).read_text(encoding="utf-8")
        assert not [p for p in task.renewal.placeholders() if p in text], language
        assert text.count(MASKED_READS[language]) == 3, language


def test_harness_types_the_fresh_credentials_in_declaration_order(task_copy, s3_target):
    folder = task_copy("renouveler-identifiants")
    (folder / "snippet.py").write_text(
        "import os\nimport sys\n"
        "typed = [sys.stdin.readline().rstrip('\\n') for _ in range(3)]\n"
        "print(len(typed[0]), typed[0] != os.environ['AWS_ACCESS_KEY_ID'], bool(typed[2]))\n"
        "print('Avant : échec', 'Après :', 'resultats.csv')\n", encoding="utf-8")
    task = load_task(folder)
    with pytest.raises(SnippetFailure) as failure:
        run_task(task, "python", s3_target)
    assert "True True" in failure.value.outcome.result.stdout
