"""The ``core-site.xml`` a Spark service gets: what Hadoop's S3A connector reads.

Onyxia's services read S3 from Spark with no code because the chart writes this file
from the same values as the S3 variables (InseeFrLab/helm-charts-interactive-services,
``charts/library-chart/templates/_secret.tpl``, template ``library-chart.secretCoreSite``):
the endpoint's host, path-style addressing, TLS, the keys, and, with a session token,
``TemporaryAWSCredentialsProvider`` and ``fs.s3a.session.token``. The harness writes the
same properties from a run's environment (:func:`core_site_properties`).
"""

from __future__ import annotations

from xml.etree import ElementTree

TEMPORARY_PROVIDER = "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider"
SIMPLE_PROVIDER = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"


def core_site_properties(env: dict[str, str]) -> dict[str, str]:
    """The chart's S3A properties for the S3 variables of *env* (``AWS_S3_ENDPOINT``…)."""
    token = env.get("AWS_SESSION_TOKEN", "")
    properties = {
        "fs.s3a.connection.ssl.enabled": "true",
        "fs.s3a.endpoint": env.get("AWS_S3_ENDPOINT", ""),
        "fs.s3a.path.style.access": "true",
        "fs.s3a.aws.credentials.provider": TEMPORARY_PROVIDER if token else SIMPLE_PROVIDER,
    }
    if token:
        properties["fs.s3a.session.token"] = token
    properties["fs.s3a.access.key"] = env.get("AWS_ACCESS_KEY_ID", "")
    properties["fs.s3a.secret.key"] = env.get("AWS_SECRET_ACCESS_KEY", "")
    return properties


def core_site_xml(properties: dict[str, str]) -> str:
    """A Hadoop configuration file holding *properties*, every value escaped."""
    configuration = ElementTree.Element("configuration")
    for name, value in properties.items():
        entry = ElementTree.SubElement(configuration, "property")
        ElementTree.SubElement(entry, "name").text = name
        ElementTree.SubElement(entry, "value").text = value
    ElementTree.indent(configuration)
    return ('<?xml version="1.0"?>\n'
            + ElementTree.tostring(configuration, encoding="unicode") + "\n")
