"""The platform's CI file (.gitlab-ci.yml): it cannot run here, so its structure is checked."""

from __future__ import annotations

import re

import pytest
import yaml

from nubodoc.targets import minio as minio_target

from .conftest import REPO

CI_FILE = REPO / ".gitlab-ci.yml"
PAGE = REPO / "docs" / "maintenir" / "index.md"
JOBS = ("lint", "platform-check", "tests", "docs", "tests-plateforme", "record")


@pytest.fixture(scope="module")
def ci() -> dict:
    return yaml.safe_load(CI_FILE.read_text(encoding="utf-8"))


def _script(job: dict) -> list[str]:
    """The job's script, anchors' nested lists flattened as GitLab flattens them."""
    lines = []
    for entry in job["script"]:
        lines += entry if isinstance(entry, list) else [entry]
    return lines


def _images(ci: dict) -> list[str]:
    images = [ci["default"]["image"]]
    for job in ci.values():
        if isinstance(job, dict):
            images += [s["name"] if isinstance(s, dict) else s for s in job.get("services", [])]
    return images


def test_jobs_exist_and_the_maintainers_page_names_them(ci):
    page = PAGE.read_text(encoding="utf-8")
    for job in JOBS:
        assert "script" in ci[job], job
        assert f"`{job}`" in page, f"{PAGE} does not name the job {job}"


def test_images_are_pinned_by_tag(ci):
    for image in [*_images(ci), ci["variables"]["NUBODOC_MINIO_IMAGE"]]:
        name, _, tag = image.rpartition(":")
        assert name and re.search(r"\d", tag) and tag != "latest", image


def test_minio_is_the_image_the_target_pins(ci):
    assert ci["variables"]["NUBODOC_MINIO_IMAGE"] == minio_target.IMAGE
    assert minio_target.pinned_image(ci["variables"]) == minio_target.IMAGE


def test_the_suite_runs_against_minio_with_r_and_mc(ci):
    script = _script(ci["tests"])
    assert script[-1].startswith("nox -s tests -- --s3-target minio")
    text = "\n".join(script)
    assert 'install.packages(c("aws.signature", "aws.s3"))' in text
    assert "sha256sum --check --strict" in text
    assert "mc.${MC_RELEASE}" in text
    variables = {**ci["variables"], **ci["tests"].get("variables", {}),
                 **ci[".docker-in-docker"]["variables"]}
    assert re.fullmatch(r"RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ", variables["MC_RELEASE"])
    assert re.fullmatch(r"[0-9a-f]{64}", variables["MC_SHA256"])
    assert re.fullmatch(r"https://\S+/\d{4}-\d\d-\d\d", variables["CRAN_SNAPSHOT"])
    assert variables["DOCKER_HOST"] == "tcp://docker:2375"
    assert variables["TESTCONTAINERS_HOST_OVERRIDE"] in minio_target.certificate_hosts(variables)


def test_docs_are_built_on_minio_and_kept(ci):
    docs = ci["docs"]
    assert docs["variables"]["NUBODOC_TARGET"] == "minio"
    assert _script(docs)[-1] == "nox -s docs"
    assert docs["artifacts"]["paths"] == ["_build/html"]


def test_the_profile_is_checked_against_the_live_regions_before_any_build(ci):
    job = ci["platform-check"]
    assert ci["stages"].index(job["stage"]) < ci["stages"].index(ci["docs"]["stage"])
    assert _script(job)[-1] == ('nubodoc platform check nubonyxia --regions '
                                '"${NUBODOC_REGIONS_URL}"')
    assert job["variables"]["NUBODOC_REGIONS_URL"].endswith("/api/public/regions")


def test_platform_run_is_manual_and_needs_its_prefix(ci):
    job = ci["tests-plateforme"]
    assert job["rules"] == [{"if": "$NUBODOC_ENDPOINT_URL && $NUBODOC_RUN_PREFIX",
                             "when": "manual", "allow_failure": True}]
    assert "--s3-target external" in _script(job)[-1]


def test_long_jobs_have_a_timeout(ci):
    for job in ("tests", "docs", "tests-plateforme", "record"):
        assert re.fullmatch(r"\d+ minutes", ci[job]["timeout"]), job


def test_r_mc_and_minio_runs_are_recorded_as_an_artifact(ci):
    job = ci["record"]
    script = _script(job)
    text = "\n".join(script)
    assert 'install.packages(c("aws.signature", "aws.s3"))' in text and "mc --version" in text
    assert 'python -m pytest snippets -m "r or mc"' in script
    assert any(line.startswith("python -m pytest snippets --s3-target minio") for line in script)
    records = [line for line in script if line.startswith("nubodoc record ")]
    assert records and all("--origin ci" in line for line in records)
    assert any("--target minio" in line for line in records)
    assert job["artifacts"]["paths"] == ["recorded/"]
    assert job["variables"]["NUBODOC_RESULTS_DIR"] == "$CI_PROJECT_DIR/.nubodoc/results"


def test_snippet_items_run_for_every_profile_on_the_sandbox(ci):
    scripts = {name: _script(job) for name, job in ci.items()
               if isinstance(job, dict) and "script" in job}
    assert any("nox -s profiles" in line for lines in scripts.values() for line in lines), \
        "no job runs the snippet items under the other platforms' profiles"
