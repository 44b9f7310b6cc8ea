"""aws.s3 pages through a listing of more than 1,000 keys (``max = Inf``) on the sandbox."""

from __future__ import annotations

import dataclasses

import pytest

from nubodoc.catalogue import Expectations, SeedObject, load_task
from nubodoc.harness.execution import run_task
from nubodoc.runners import RUNNERS

from .conftest import SNIPPETS

WHY_NOT = RUNNERS["r"].unavailable_reason()


@pytest.mark.skipif(WHY_NOT is not None, reason=f"R snippets cannot run here: {WHY_NOT}")
def test_lister_fichiers_in_r_lists_every_key_past_the_first_page(s3_target):
    task = load_task(SNIPPETS / "lister-fichiers")
    many = tuple(SeedObject("utilisateur", f"BPE/journaux/{i:05d}.csv", b"x")
                 for i in range(1100))
    last_keys = tuple(f"BPE/journaux/{i:05d}.csv" for i in (999, 1000, 1099))
    task = dataclasses.replace(
        task, seed=task.seed + many,
        expectations={**task.expectations, "r": Expectations(stdout=last_keys)})
    outcome = run_task(task, "r", s3_target)
    assert outcome.result.stdout.count("BPE/journaux/") >= 2 * 1100
