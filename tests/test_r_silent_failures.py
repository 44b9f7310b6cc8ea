"""aws.s3 fails silently (refused deletes, missing keys): the R snippets must stop and say why."""

from __future__ import annotations

import dataclasses

import pytest

from nubodoc.catalogue import Expectations, load_task
from nubodoc.harness.execution import SnippetFailure, run_task
from nubodoc.runners import RUNNERS

from .conftest import SNIPPETS

WHY_NOT = RUNNERS["r"].unavailable_reason()

#: Everything on S3 but deleting objects, as a bucket whose policy forbids deletion.
NO_DELETE = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
]}


class DeleteRefused:
    """The session's target, but the reader's credentials may not delete objects."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def prepare(self, buckets, objects, denied_buckets=()):
        """Seed as usual, then hand out keys that may do everything but delete."""
        self._inner.prepare(buckets, objects, denied_buckets=denied_buckets)
        return self._inner.service_account(NO_DELETE)


def must_fail(task_name: str, message: str):
    """The catalogue task, expected to fail and say *message* on stderr."""
    task = load_task(SNIPPETS / task_name)
    return dataclasses.replace(
        task, expectations={**task.expectations,
                            "r": Expectations(fails=True, stderr=(message,))})


@pytest.mark.skipif(WHY_NOT is not None, reason=f"R snippets cannot run here: {WHY_NOT}")
@pytest.mark.parametrize(("task_name", "message"), [
    ("deplacer-objet", "n'a pas été supprimé"),
    ("supprimer-dossier", "n'ont pas été supprimés"),
])
def test_r_snippet_stops_when_the_delete_is_refused(s3_target, task_name, message):
    if s3_target.name != "sandbox":
        pytest.skip(f"needs service accounts with a chosen policy (sandbox), not {s3_target.name}")
    run_task(must_fail(task_name, message), "r", DeleteRefused(s3_target))


@pytest.mark.skipif(WHY_NOT is not None, reason=f"R snippets cannot run here: {WHY_NOT}")
def test_without_the_check_a_refused_delete_goes_unnoticed(s3_target, task_copy):
    if s3_target.name != "sandbox":
        pytest.skip(f"needs service accounts with a chosen policy (sandbox), not {s3_target.name}")
    folder = task_copy("deplacer-objet")
    snippet = (folder / "snippet.R").read_text(encoding="utf-8")
    unchecked = snippet[:snippet.index("# delete_object() renvoie TRUE")]
    (folder / "snippet.R").write_text(unchecked, encoding="utf-8")
    task = dataclasses.replace(load_task(folder), expectations={
        **load_task(folder).expectations,
        "r": Expectations(fails=True, stderr=("n'a pas été supprimé",))})
    with pytest.raises(SnippetFailure, match="exited with status 0"):
        run_task(task, "r", DeleteRefused(s3_target))


@pytest.mark.skipif(WHY_NOT is not None, reason=f"R snippets cannot run here: {WHY_NOT}")
@pytest.mark.parametrize(("task_name", "variable"), [
    ("utiliser-cle-permanente", "TRAITEMENT_ACCESS_KEY_ID"),
    ("utiliser-bucket-partage", "PARTAGE_ACCESS_KEY_ID"),
])
def test_r_snippet_names_the_missing_key_variable(s3_target, task_name, variable):
    if s3_target.name != "sandbox":
        pytest.skip(f"needs service accounts (sandbox), not {s3_target.name}")
    task = load_task(SNIPPETS / task_name)
    account = dataclasses.replace(task.service_account, access_key_variable="MAL_NOMMEE")
    task = dataclasses.replace(
        task, service_account=account,
        expectations={**task.expectations,
                      "r": Expectations(fails=True, stderr=(f"{variable} ou ",))})
    run_task(task, "r", s3_target)
