"""The sandbox records GETs per object and writes; the judge holds a run to ``fetched_only``
and a renewed run's writes to the fresh key."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from nubodoc.catalogue import SeedObject
from nubodoc.catalogue.task import Expectations
from nubodoc.core.request_log import Write
from nubodoc.harness.judging import judge
from nubodoc.runners import RunResult
from nubodoc.targets.clients import s3_client
from nubodoc.targets.sandbox import Sandbox

SEED = [SeedObject("utilisateur", f"jeu/DEP={dep}/part-0.parquet", b"PAR1")
        for dep in ("06", "75")]
RAN = RunResult(0, "", "", 0.1)


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as running:
        yield running


@pytest.fixture
def reader(sandbox):
    credentials = sandbox.prepare(["utilisateur"], SEED)
    return s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)


def test_each_get_of_an_object_is_counted(sandbox, reader):
    reader.get_object(Bucket="utilisateur", Key="jeu/DEP=06/part-0.parquet")["Body"].read()
    reader.get_object(Bucket="utilisateur", Key="jeu/DEP=06/part-0.parquet",
                      Range="bytes=0-1")["Body"].read()
    reader.list_objects_v2(Bucket="utilisateur")
    reader.head_object(Bucket="utilisateur", Key="jeu/DEP=75/part-0.parquet")
    assert sandbox.requests.object_gets() == {"utilisateur/jeu/DEP=06/part-0.parquet": 2}


def test_prepare_forgets_the_previous_items_requests(sandbox, reader):
    reader.get_object(Bucket="utilisateur", Key="jeu/DEP=75/part-0.parquet")
    sandbox.prepare(["utilisateur"], SEED)
    assert sandbox.requests.object_gets() == {}


def test_judge_names_an_object_fetched_outside_fetched_only(sandbox, reader, tmp_path):
    reader.get_object(Bucket="utilisateur", Key="jeu/DEP=06/part-0.parquet")
    reader.get_object(Bucket="utilisateur", Key="jeu/DEP=75/part-0.parquet")
    expect = Expectations(fetched_only=("utilisateur/jeu/DEP=06/*",))
    assert judge(expect, RAN, sandbox, tmp_path) == [
        "the run fetched utilisateur/jeu/DEP=75/part-0.parquet (1 GET), which fetched_only "
        "excludes"]


def test_judge_passes_a_read_of_the_needed_partition_only(sandbox, reader, tmp_path):
    reader.get_object(Bucket="utilisateur", Key="jeu/DEP=06/part-0.parquet")
    expect = Expectations(fetched_only=("utilisateur/jeu/DEP=06/*",))
    assert judge(expect, RAN, sandbox, tmp_path) == []


def test_judge_refuses_a_run_that_fetched_nothing(sandbox, reader, tmp_path):
    expect = Expectations(fetched_only=("utilisateur/jeu/DEP=06/*",))
    assert judge(expect, RAN, sandbox, tmp_path) == [
        "the run fetched no object, but the task expects a read"]


def test_each_write_is_recorded_with_its_key_and_status(sandbox, tmp_path):
    credentials = sandbox.prepare(["utilisateur"], SEED)
    reader = s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)
    reader.put_object(Bucket="utilisateur", Key="sortie.csv", Body=b"a;b\n")
    expired = sandbox.expired_credentials()
    refused = s3_client(sandbox.endpoint_url, expired, sandbox.ca_bundle)
    with pytest.raises(ClientError):
        refused.put_object(Bucket="utilisateur", Key="refus.csv", Body=b"a;b\n")
    assert sandbox.requests.writes() == [
        Write("utilisateur/sortie.csv", credentials.access_key_id, 200),
        Write("utilisateur/refus.csv", expired.access_key_id, 403)]


def test_judge_accepts_writes_signed_with_the_fresh_key_only(sandbox, tmp_path):
    credentials = sandbox.prepare(["utilisateur"], SEED)
    reader = s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)
    reader.put_object(Bucket="utilisateur", Key="sortie.csv", Body=b"a;b\n")
    expect = Expectations()
    assert judge(expect, RAN, sandbox, tmp_path, credentials.access_key_id) == []
    assert judge(expect, RAN, sandbox, tmp_path, "UNEAUTRECLE") == [
        "utilisateur/sortie.csv was written with other credentials than the fresh ones"]


def test_judge_refuses_a_renewal_after_which_nothing_was_written(sandbox, tmp_path):
    credentials = sandbox.prepare(["utilisateur"], SEED)
    assert judge(Expectations(), RAN, sandbox, tmp_path, credentials.access_key_id) == [
        "no write succeeded after the renewal"]


def test_credentials_expire_after_the_writes_armed(sandbox, tmp_path):
    credentials = sandbox.prepare(["utilisateur"], SEED)
    sandbox.requests.expire_after(credentials.access_key_id, 1, sandbox.forget_credentials)
    reader = s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)
    reader.put_object(Bucket="utilisateur", Key="partie-1.csv", Body=b"1")
    with pytest.raises(ClientError, match="InvalidAccessKeyId"):
        reader.put_object(Bucket="utilisateur", Key="partie-2.csv", Body=b"2")
    fresh = sandbox.session_credentials()
    s3_client(sandbox.endpoint_url, fresh, sandbox.ca_bundle).put_object(
        Bucket="utilisateur", Key="partie-2.csv", Body=b"2")
    assert judge(Expectations(), RAN, sandbox, tmp_path, fresh.access_key_id) == []
    assert judge(Expectations(), RAN, sandbox, tmp_path, "UNEAUTRECLE") == [
        "utilisateur/partie-2.csv was written with other credentials than the fresh ones"]
