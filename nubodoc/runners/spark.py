"""PySpark snippets, in local mode, configured as a Spark service on the platform is.

A Spark service reads ``s3a://`` paths with no code: its image has the S3A connector
(``HADOOP_OPTIONAL_TOOLS=hadoop-aws``) and the chart writes ``core-site.xml``
(:mod:`nubodoc.platform.hadoop`). Before each run this runner gives the snippet the
same: ``core-site.xml`` in ``HADOOP_CONF_DIR``, and a ``spark-defaults.conf`` in
``SPARK_CONF_DIR`` that runs Spark in local mode, adds ``hadoop-aws`` of PySpark's own
Hadoop version and the AWS SDK bundle it was built with (both pinned, fetched once from
Maven Central by Ivy into a cache outside the repository, :func:`ivy_cache`), and makes
Java trust the throwaway CA through a truststore made with ``keytool``: the system's
Java store plus the CA, since Java reads none of the variables the other clients read.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import ssl
import subprocess
import sys
from pathlib import Path

from nubodoc.platform.hadoop import core_site_properties, core_site_xml
from nubodoc.runners.base import Runner, RunResult
from nubodoc.runners.python import PythonRunner
from nubodoc.runners.registry import add_client

#: The S3A connector of the Hadoop version PySpark ships (pyspark/jars/hadoop-client-api-*),
#: and the AWS SDK bundle that hadoop-aws release depends on.
HADOOP_AWS = "org.apache.hadoop:hadoop-aws:3.5.0"
AWS_SDK_BUNDLE = "software.amazon.awssdk:bundle:2.35.4"
TRUSTSTORE_PASSWORD = "changeit"
_PEM_END = "-----END CERTIFICATE-----"


def ivy_cache() -> Path:
    """Where Ivy keeps the jars between runs: ``NUBODOC_IVY_CACHE``, or ~/.cache/nubodoc/ivy."""
    named = os.environ.get("NUBODOC_IVY_CACHE")
    return Path(named) if named else Path.home() / ".cache" / "nubodoc" / "ivy"


@functools.cache
def _java_store() -> Path | None:
    """This machine's Java truststore (Debian's, or the JDK's own), or None."""
    candidates = [Path("/etc/ssl/certs/java/cacerts")]
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]) / "lib" / "security" / "cacerts")
    return next((path for path in candidates if path.is_file()), None)


def _certificates(pem: str) -> list[str]:
    """Each certificate of a PEM bundle, as text."""
    return [block.strip() + "\n" + _PEM_END + "\n"
            for block in pem.split(_PEM_END) if "-----BEGIN CERTIFICATE-----" in block]


def added_certificates(bundle: Path) -> list[str]:
    """The certificates of *bundle* that the system's store lacks (the throwaway CA)."""
    system = ssl.get_default_verify_paths().cafile
    known = set(_certificates(Path(system).read_text())) if system else set()
    return [cert for cert in _certificates(bundle.read_text()) if cert not in known]


def make_truststore(bundle: Path, folder: Path) -> Path:
    """A copy of Java's truststore with the certificates *bundle* adds to the system's."""
    store = folder / "truststore.jks"
    java_store = _java_store()
    if java_store is not None:
        shutil.copyfile(java_store, store)
    for number, certificate in enumerate(added_certificates(bundle)):
        pem = folder / f"ca-{number}.pem"
        pem.write_text(certificate)
        subprocess.run(["keytool", "-importcert", "-noprompt", "-alias", f"nubodoc-ca-{number}",
                        "-file", str(pem), "-keystore", str(store),
                        "-storepass", TRUSTSTORE_PASSWORD],
                       check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    return store


def spark_defaults(truststore: Path | None) -> str:
    """The run's ``spark-defaults.conf``: local mode, the S3A jars, the truststore."""
    lines = {
        "spark.master": "local[2]",
        "spark.driver.memory": "1g",
        "spark.ui.enabled": "false",
        "spark.jars.packages": f"{HADOOP_AWS},{AWS_SDK_BUNDLE}",
        "spark.jars.ivy": str(ivy_cache()),
    }
    if truststore is not None:
        lines["spark.driver.extraJavaOptions"] = (
            f"-Djavax.net.ssl.trustStore={truststore} "
            f"-Djavax.net.ssl.trustStorePassword={TRUSTSTORE_PASSWORD}")
    return "".join(f"{name} {value}\n" for name, value in lines.items())


class SparkRunner(PythonRunner):
    """PySpark in a fresh interpreter, with the service's Hadoop and Spark configuration."""

    has_preloaded_mode = False

    def __init__(self):
        super().__init__(("pyspark",), ("pyspark",))

    def unusable_buckets_reason(self, buckets: list[str]) -> str | None:
        """Hadoop's S3A takes the bucket from the URI's host, which Java's URI parser drops
        when a dotted name's last label starts with a digit; S3A does not support dotted
        bucket names (Hadoop's S3A documentation)."""
        dotted = sorted(bucket for bucket in buckets if "." in bucket)
        if dotted:
            return (f"S3A (hadoop-aws) does not support bucket names with a dot "
                    f"({', '.join(dotted)}): not run")
        return None

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """None when pyspark is installed and Java and keytool are on PATH."""
        if importlib.util.find_spec("pyspark") is None:
            return ("Python package pyspark is not installed (pip install 'nubodoc[spark]'): "
                    "the file was compiled, not run")
        if shutil.which("java") is None or shutil.which("keytool") is None:
            return "Java (java and keytool) is not installed: the file was compiled, not run"
        return None

    def prepare_environment(self, env: dict[str, str]) -> dict[str, str]:
        """Write the run's ``core-site.xml``, ``spark-defaults.conf`` and truststore."""
        folder = Path(env["HOME"]) / ".nubodoc-spark"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "core-site.xml").write_text(core_site_xml(core_site_properties(env)))
        bundle = env.get("REQUESTS_CA_BUNDLE")
        truststore = make_truststore(Path(bundle), folder) if bundle else None
        (folder / "spark-defaults.conf").write_text(spark_defaults(truststore))
        env = dict(env)
        env.update({"HADOOP_CONF_DIR": str(folder), "SPARK_CONF_DIR": str(folder),
                    "HADOOP_OPTIONAL_TOOLS": "hadoop-aws", "PYSPARK_PYTHON": sys.executable,
                    "SPARK_LOCAL_IP": "127.0.0.1"})
        return env

    def run(self, script: Path, env: dict[str, str], cwd: Path, timeout: float,
            shown_as: Path, typed: str = "") -> RunResult:
        """Always a fresh interpreter: Spark starts a JVM of its own."""
        return Runner.run(self, script, env, cwd, timeout, shown_as, typed)


add_client("python", "spark", "PySpark", "snippet.spark.py", SparkRunner())
