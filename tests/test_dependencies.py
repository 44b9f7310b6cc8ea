"""A task's ``depends_on``: the judge checks each behaviour on the target, and a target whose
known difference concerns one makes the item that difference's expected failure."""

from __future__ import annotations

import pytest

from nubodoc.catalogue import load_task
from nubodoc.core.behaviours import Behaviour
from nubodoc.harness.dependencies import dependency_failures
from nubodoc.harness.execution import SnippetFailure, expected_difference, run_task
from nubodoc.runners import RunResult
from nubodoc.targets.protocol import KnownDifference

from .test_execution import python_only

LISTING_TASK = '''title = "t"
[[seed]]
object = "utilisateur/brouillons/essai1.csv"
text = "1"
[[seed]]
object = "utilisateur/brouillons-a/garder.csv"
text = "2"
[expect]
depends_on = ["listing-order"]
stdout = ["brouillons/essai1.csv", "brouillons-a/garder.csv"]
'''

LISTING_SNIPPET = '''import os

import boto3

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="utilisateur")["Contents"]]
for key in {order}:
    print(key)
'''


def listing_task(tmp_path, order: str):
    """A Python task listing its bucket, printing the keys in *order* (an expression)."""
    folder = tmp_path / "snippets" / "lister"
    python_only(folder, LISTING_TASK, LISTING_SNIPPET.format(order=order))
    return load_task(folder)


def test_a_listing_in_byte_order_passes(tmp_path, s3_target):
    outcome = run_task(listing_task(tmp_path, "keys"), "python", s3_target)
    assert outcome.result.stdout.index("brouillons-a/") < outcome.result.stdout.index(
        "brouillons/")


def test_a_reversed_listing_fails_naming_the_behaviour(tmp_path, s3_target):
    with pytest.raises(SnippetFailure, match=(
            r"depends on listing-order \(keys listed in S3's byte order\): the output lists "
            r"\['brouillons/essai1.csv', 'brouillons-a/garder.csv'\], S3 lists "
            r"\['brouillons-a/garder.csv', 'brouillons/essai1.csv'\]")):
        run_task(listing_task(tmp_path, "reversed(keys)"), "python", s3_target)


def test_a_listing_check_with_nothing_listed_fails(tmp_path):
    task = listing_task(tmp_path, "keys")
    failures = dependency_failures(task, "python", RunResult(0, "rien\n", "", 0.1))
    assert failures == ["depends on listing-order (keys listed in S3's byte order): the output "
                        "names 0 of the task's keys: no order to check"]


def encoding_task(tmp_path, key: str):
    """A task declaring ``key-encoding`` whose second key is *key* (``…/garder`` replaced)."""
    folder = tmp_path / "snippets" / "encodage"
    python_only(folder, LISTING_TASK.replace("brouillons-a/garder", key)
                .replace('"listing-order"', '"key-encoding"'), "print(1)\n")
    return load_task(folder)


ENCODING = "depends on key-encoding (keys shown decoded, as stored (not URL-encoded)): "


def test_a_url_encoded_key_fails(tmp_path):
    task = encoding_task(tmp_path, "données été/garder")
    shown = RunResult(0, "brouillons/essai1.csv\ndonn%C3%A9es%20%C3%A9t%C3%A9/garder.csv\n",
                      "", 0.1)
    assert dependency_failures(task, "python", shown) == [
        ENCODING + "the output shows 'donn%C3%A9es%20%C3%A9t%C3%A9/garder.csv' for "
        "'données été/garder.csv'"]
    decoded = RunResult(0, "données été/garder.csv\n", "", 0.1)
    assert dependency_failures(task, "python", decoded) == []


def test_a_key_encoding_check_needs_a_key_a_url_would_encode(tmp_path):
    task = encoding_task(tmp_path, "brouillons-a/garder")
    assert dependency_failures(task, "python", RunResult(0, "brouillons/essai1.csv\n", "", 0.1)) \
        == [ENCODING + "none of the task's keys has a character a URL encodes: nothing to check"]


def test_a_file_name_shown_encoded_relative_to_its_prefix_fails(tmp_path):
    task = encoding_task(tmp_path, "brouillons-a/été 2019")
    relative = RunResult(0, "%C3%A9t%C3%A9%202019.csv\n", "", 0.1)
    assert dependency_failures(task, "python", relative) == [
        ENCODING + "the output shows '%C3%A9t%C3%A9%202019.csv' for 'été 2019.csv'"]


def test_another_error_code_fails(task_copy):
    task = load_task(task_copy("identifiants-expires"))
    denied = RunResult(1, "", "AccessDenied: The Access Key Id you provided does not exist "
                       "in our records.\nPermissionError\n", 0.1)
    assert dependency_failures(task, "python", denied) == [
        "depends on error-code (the exact S3 error code): the output does not name "
        "InvalidAccessKeyId",
        "depends on error-code (the exact S3 error code): the output names AccessDenied, "
        "where the task expects InvalidAccessKeyId"]
    assert dependency_failures(task, "mc", denied) == []


class ListsInDirectoryOrder:
    """A made-up target: the session's, with a known difference in listing order."""

    DIFFERENCE = KnownDifference("ce serveur liste un dossier avant ses voisins",
                                 AssertionError, r"^listed", behaviour=Behaviour.LISTING_ORDER)

    def __init__(self, target):
        self._target = target
        self.name = "en-ordre-de-dossiers"

    def __getattr__(self, attribute):
        return getattr(self._target, attribute)

    def expected_failure(self, task, language):
        return None

    def behaviour_difference(self, behaviour):
        return self.DIFFERENCE if behaviour is self.DIFFERENCE.behaviour else None


def test_a_known_difference_in_the_behaviour_makes_the_item_its_expected_failure(
        tmp_path, s3_target):
    target = ListsInDirectoryOrder(s3_target)
    task = listing_task(tmp_path, "reversed(keys)")
    expected = expected_difference(task, "python", target)
    assert expected.reason == ListsInDirectoryOrder.DIFFERENCE.reason
    assert expected.raises is SnippetFailure
    with pytest.raises(SnippetFailure) as caught:
        run_task(task, "python", target)
    assert expected.explains(caught.value)


def test_another_failure_is_not_the_behaviour_difference(tmp_path, s3_target):
    target = ListsInDirectoryOrder(s3_target)
    task = listing_task(tmp_path, "list(reversed(keys))[:1]")
    with pytest.raises(SnippetFailure, match="stdout lacks") as caught:
        run_task(task, "python", target)
    assert not expected_difference(task, "python", target).explains(caught.value)


def test_a_task_not_depending_on_the_behaviour_expects_nothing(tmp_path, s3_target):
    folder = tmp_path / "snippets" / "lister"
    python_only(folder, LISTING_TASK.replace('depends_on = ["listing-order"]\n', ""), "print(1)\n")
    target = ListsInDirectoryOrder(s3_target)
    assert expected_difference(load_task(folder), "python", target) is None
    assert s3_target.behaviour_difference(Behaviour.LISTING_ORDER) is None


def test_the_page_says_what_the_output_depends_on_and_where_it_was_verified(
        tmp_path, monkeypatch):
    from bs4 import BeautifulSoup

    from .test_docs_build import build_here

    for variable in ("NUBODOC_RESULTS_DIR", "NUBODOC_TARGET", "NUBODOC_ENDPOINT_URL"):
        monkeypatch.delenv(variable, raising=False)
    listing_task(tmp_path, "keys")
    (tmp_path / "conf.py").write_text(
        'extensions = ["nubodoc.sphinx"]\nnubodoc_snippets_dir = "snippets"\n'
        'nubodoc_notebook_target = False\nexclude_patterns = ["_build"]\n', encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.rst").write_text("Titre\n=====\n\n.. snippet:: lister\n", encoding="utf-8")
    html = build_here(docs, tmp_path, tmp_path / "out")
    note = BeautifulSoup(html, "html.parser").select_one("p.nubodoc-depends-on").get_text()
    assert note.startswith("Ce résultat (Python · pandas + s3fs) dépend de l'ordre dans lequel "
                           "le serveur liste les clés (celui de S3\u00a0: l'ordre de leurs "
                           "octets)\u202f; vérifié sur le bac à sable S3 (moto "), note
    assert note.endswith(").")
