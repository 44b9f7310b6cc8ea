"""The python-spark runner: the chart's core-site.xml, the jars' pins, the Java truststore."""

from __future__ import annotations

import importlib.util
import shutil
import ssl
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from nubodoc.platform.hadoop import (
    SIMPLE_PROVIDER,
    TEMPORARY_PROVIDER,
    core_site_properties,
    core_site_xml,
)
from nubodoc.runners import RUNNERS
from nubodoc.runners.spark import (
    HADOOP_AWS,
    TRUSTSTORE_PASSWORD,
    added_certificates,
    make_truststore,
    spark_defaults,
)
from nubodoc.targets.certificates import ThrowawayCA

SERVICE = {"AWS_S3_ENDPOINT": "minio.example.org:9000", "AWS_ACCESS_KEY_ID": "EXEMPLECLE",
           "AWS_SECRET_ACCESS_KEY": "secret<&>", "AWS_SESSION_TOKEN": "jeton"}


def _read(xml: str) -> dict[str, str]:
    root = ElementTree.fromstring(xml)
    return {entry.findtext("name"): entry.findtext("value") for entry in root}


def test_core_site_has_the_charts_properties_with_a_session_token():
    written = _read(core_site_xml(core_site_properties(SERVICE)))
    assert written == {
        "fs.s3a.connection.ssl.enabled": "true",
        "fs.s3a.endpoint": "minio.example.org:9000",
        "fs.s3a.path.style.access": "true",
        "fs.s3a.aws.credentials.provider": TEMPORARY_PROVIDER,
        "fs.s3a.session.token": "jeton",
        "fs.s3a.access.key": "EXEMPLECLE",
        "fs.s3a.secret.key": "secret<&>",
    }


def test_core_site_without_token_uses_the_simple_provider():
    written = _read(core_site_xml(core_site_properties({**SERVICE, "AWS_SESSION_TOKEN": ""})))
    assert written["fs.s3a.aws.credentials.provider"] == SIMPLE_PROVIDER
    assert "fs.s3a.session.token" not in written


def test_hadoop_aws_matches_the_hadoop_pyspark_ships():
    spec = importlib.util.find_spec("pyspark")
    if spec is None:
        pytest.skip("pyspark is not installed: no Hadoop version to compare the pin with")
    jars = Path(spec.origin).parent / "jars"
    shipped = sorted(p.name for p in jars.glob("hadoop-client-api-*.jar"))
    assert shipped == [f"hadoop-client-api-{HADOOP_AWS.rsplit(':', 1)[1]}.jar"]


def test_spark_defaults_name_the_jars_and_the_truststore(tmp_path):
    text = spark_defaults(tmp_path / "truststore.jks")
    assert f"spark.jars.packages {HADOOP_AWS},software.amazon.awssdk:bundle:" in text
    assert f"-Djavax.net.ssl.trustStore={tmp_path / 'truststore.jks'} " in text
    assert "spark.master local[" in text


def test_truststore_adds_only_the_throwaway_ca(tmp_path):
    if shutil.which("keytool") is None:
        pytest.skip("keytool (a JDK) is not installed: no truststore to make")
    ca = ThrowawayCA("test", tmp_path / "ca.pem")
    system = ssl.get_default_verify_paths().cafile
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes((Path(system).read_bytes() if system else b"")
                       + ca.ca_bundle.read_bytes())
    assert added_certificates(bundle) == [ca.ca_bundle.read_text().strip() + "\n"]
    store = make_truststore(bundle, tmp_path)
    listing = subprocess.run(["keytool", "-list", "-keystore", str(store), "-storepass",
                              TRUSTSTORE_PASSWORD, "-alias", "nubodoc-ca-0"],
                             capture_output=True, text=True, check=False)
    assert listing.returncode == 0, listing.stdout + listing.stderr


def test_python_spark_is_a_variant_with_a_runner():
    assert RUNNERS["python-spark"].language == "python-spark"


def test_spark_says_it_cannot_address_a_dotted_bucket():
    """A dotted bucket (valid for S3, refused by S3A) skips the Spark item with its reason."""
    from nubodoc.runners import RUNNERS

    reason = RUNNERS["python-spark"].unusable_buckets_reason(["utilisateur", "a.b.123"])
    assert reason is not None and "a.b.123" in reason
    assert RUNNERS["python-spark"].unusable_buckets_reason(["utilisateur"]) is None
    assert RUNNERS["python"].unusable_buckets_reason(["a.b.123"]) is None
