"""The reader's values: one set of rules and vectors, held by Python and by the page's script.

``nubodoc-values.json`` carries the rules and the test vectors; the Python module and
``nubodoc-values-core.js`` (run by Node) must give every vector's expected answer.
The awkward values must be accepted, and the awkward run must seed the bucket they name.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from nubodoc.catalogue import discover, load_task
from nubodoc.catalogue.awkward import awkward_task, awkward_values
from nubodoc.catalogue.reader_values import (
    RULES_FILE,
    Refusal,
    cautions,
    check,
    rules,
    substitute,
)
from nubodoc.runners import RUNNERS

from .conftest import SNIPPETS

CORE_JS = RULES_FILE.with_name("nubodoc-values-core.js")
VECTORS = rules()["vectors"]
ACCEPTED = [vector for vector in VECTORS["validation"] if "normalised" in vector]

#: Runs every vector through the page's script; prints one JSON answer per vector.
NODE_RUNNER = """
const core = require(process.argv[1]);
const rules = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const checked = rules.vectors.validation.map((v) => {
  const answer = core.check(rules, v.kind, v.value);
  return "refused" in answer ? {rule: answer.rule, message: answer.refused} : answer.value;
});
const cautioned = rules.vectors.validation.filter((v) => "normalised" in v).map(
  (v) => core.cautions(rules, v.kind, v.value).map((found) => found.number));
const substituted = rules.vectors.substitution.map(
  (v) => core.substitute(v.text, v.language, v.values));
console.log(JSON.stringify({checked, cautioned, substituted}));
"""


def expected_check(vector: dict):
    """What :func:`check` must give for a validation vector: the value or the rule broken."""
    if "refused_by" in vector:
        rule = rules()["kinds"][vector["kind"]]["rules"][vector["refused_by"]]
        return Refusal(rule["message"], vector["refused_by"])
    return vector["normalised"]


@pytest.mark.parametrize("vector", VECTORS["validation"],
                         ids=lambda v: f"{v['kind']}:{v['value'][:20]!r}")
def test_python_checks_every_vector(vector):
    assert check(vector["kind"], vector["value"]) == expected_check(vector)


@pytest.mark.parametrize("vector", ACCEPTED, ids=lambda v: f"{v['kind']}:{v['value'][:20]!r}")
def test_python_cautions_every_accepted_vector(vector):
    assert [found.number for found in cautions(vector["kind"], vector["value"])] == \
        vector.get("cautioned_by", [])


def test_every_caution_is_in_french_and_has_a_cautioned_vector():
    cautioned = {(v["kind"], number) for v in ACCEPTED for number in v.get("cautioned_by", [])}
    for kind, settings in rules()["kinds"].items():
        for number, caution in enumerate(settings["cautions"]):
            assert (kind, number) in cautioned, f"{kind} caution {number} has no vector"
            assert caution["message"].startswith("Nom accepté, mais "), caution["message"]


def test_a_bucket_spark_is_not_run_with_is_cautioned_in_the_form():
    # the form warns of what the suite skips: every awkward bucket the Spark runner
    # refuses, and every accepted bucket vector it would refuse, brings a caution
    spark = RUNNERS["python-spark"]
    buckets = [v["normalised"] for v in ACCEPTED if v["kind"] == "bucket"]
    buckets += rules()["kinds"]["bucket"]["awkward"]
    refused = [b for b in buckets if spark.unusable_buckets_reason([b])]
    assert refused, "no vector names a bucket the Spark runner refuses"
    assert all(cautions("bucket", bucket) for bucket in refused)
    assert not any(cautions("bucket", b) for b in buckets if b not in refused)


@pytest.mark.parametrize("vector", VECTORS["substitution"],
                         ids=lambda v: f"{v['language']}:{v['text'][:24]!r}")
def test_python_substitutes_every_vector(vector):
    assert substitute(vector["text"], vector["language"], vector["values"]) == \
        vector["expected"]


def test_the_page_script_gives_every_vector_the_same_answer():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found (apt-get install nodejs): the page's script not checked")
    answers = json.loads(subprocess.run(
        [node, "-e", NODE_RUNNER, str(CORE_JS), str(RULES_FILE)],
        capture_output=True, text=True, check=True, timeout=60).stdout)
    expected_checks = []
    for vector in VECTORS["validation"]:
        answer = expected_check(vector)
        expected_checks.append({"rule": answer.rule, "message": answer.message}
                               if isinstance(answer, Refusal) else answer)
    assert answers["checked"] == expected_checks
    assert answers["cautioned"] == [v.get("cautioned_by", []) for v in ACCEPTED]
    assert answers["substituted"] == [v["expected"] for v in VECTORS["substitution"]]


def test_every_refusal_is_in_french_and_every_rule_has_a_refused_vector():
    refused = {(v["kind"], v["refused_by"]) for v in VECTORS["validation"] if "refused_by" in v}
    for kind, settings in rules()["kinds"].items():
        for number, rule in enumerate(settings["rules"]):
            assert (kind, number) in refused, f"{kind} rule {number} has no refused vector"
            assert rule["message"].startswith(("Un ", "Une ", "Ce ")), rule["message"]


def test_every_placeholder_a_reader_types_is_described():
    declared = {placeholder for task in discover(SNIPPETS) for placeholder in task.placeholders}
    described = rules()["placeholders"]
    assert declared - set(described) == set()
    for placeholder, entry in described.items():
        assert entry["kind"] in rules()["kinds"], placeholder
        assert entry["label"] and entry["help"], placeholder


def test_awkward_values_are_accepted_and_awkward():
    kinds = rules()["kinds"]
    for kind, settings in kinds.items():
        for value in settings["awkward"]:
            assert not isinstance(check(kind, value), Refusal), (kind, value)
    buckets = kinds["bucket"]["awkward"]
    assert all(len(b) == 63 and "." in b and any(c.isdigit() for c in b) for b in buckets)
    folder = kinds["folder"]["awkward"][0]
    assert " " in folder and folder.endswith("/") and not folder.isascii()
    assert check("folder", folder) == folder.rstrip("/")


def test_the_awkward_run_seeds_and_expects_the_bucket_the_value_names():
    task = load_task(SNIPPETS / "lire-csv")
    awkward = awkward_task(task)
    bucket = rules()["kinds"]["bucket"]["awkward"][0]
    assert awkward_values(task) == {"utilisateur": bucket}
    assert awkward.placeholders == {"<mon_bucket>": bucket}
    assert [seed.bucket for seed in awkward.seed] == [bucket]
    assert bucket in awkward.fill_placeholders(
        task.snippet_path("python").read_text(encoding="utf-8"), variant="python")


def test_two_placeholders_of_a_kind_get_two_awkward_values():
    task = load_task(SNIPPETS / "aide-memoire-mc")
    buckets = rules()["kinds"]["bucket"]["awkward"]
    assert awkward_task(task).placeholders == {"<mon_bucket>": buckets[0],
                                               "<bucket_essai>": buckets[1]}


def test_the_awkward_run_names_its_bucket_in_the_policy_files_too():
    task = awkward_task(load_task(SNIPPETS / "rendre-dossier-public"))
    bucket = rules()["kinds"]["bucket"]["awkward"][0]
    assert [name for name, _ in task.bucket_policies] == [bucket]
    assert f"arn:aws:s3:::{bucket}/diffusion/*" in task.bucket_policies[0][1]
    assert "utilisateur" not in task.bucket_policies[0][1]
