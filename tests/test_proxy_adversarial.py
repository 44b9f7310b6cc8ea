"""Crafted requests, sent with the proxy's own keys, never reach outside the run prefix.

Each request is sent over HTTPS to a live confining proxy whose upstream is a real
server: the sandbox, where the proxy is the only wall, and SeaweedFS, whose STS also
confines the proxy's upstream credentials. Objects planted around the prefix, in the
same bucket and in another, must come out byte for byte as they went in.
"""

from __future__ import annotations

import hashlib
import os
from urllib.parse import urlsplit

import pytest
import requests
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from nubodoc.core.credentials import REGION
from nubodoc.core.errors import NubodocError
from nubodoc.targets import open_target
from nubodoc.targets.external import open_external
from nubodoc.targets.proxy.confining_proxy import S3Signer
from nubodoc.targets.proxy.prefix_credentials import ROLE_VARIABLE
from nubodoc.targets.sandbox import open_sandbox

RUN_BUCKET = "equipe"
OTHER_BUCKET = "autre"
PREFIX = "essais/nubodoc"
VIRTUAL = "utilisateur"
PLANTED = {
    (RUN_BUCKET, "victim"): b"a la racine du vrai bucket\n",
    (RUN_BUCKET, "essais/victim"): b"a cote du prefixe\n",
    (RUN_BUCKET, "essais/nubodoc-voisin/victim"): b"un voisin au nom proche\n",
    (RUN_BUCKET, "essais/nubodoc"): b"un objet au nom du prefixe\n",
    (RUN_BUCKET, f"{VIRTUAL}/victim"): b"le nom du bucket virtuel, hors prefixe\n",
    (OTHER_BUCKET, "victim"): b"un autre bucket\n",
    (OTHER_BUCKET, f"{PREFIX}/victim"): b"le meme prefixe dans un autre bucket\n",
}
S3 = "http://s3.amazonaws.com/doc/2006-03-01/"


def _delete(*objects: str, head: str = "<Delete>") -> bytes:
    return (head + "".join(objects) + "</Delete>").encode()


#: DeleteObjects bodies, each trying to name ``victim`` (or a path up to it) unmapped.
DELETE_BODIES = {
    "space-in-tag": _delete("<Object><Key >victim</Key ></Object>"),
    "newline-in-tag": _delete("<Object><Key\n>victim</Key\n></Object>"),
    "prefixed-element": _delete(f'<Object><s3:Key xmlns:s3="{S3}">victim</s3:Key></Object>'),
    "default-namespace": _delete("<Object><Key>victim</Key></Object>",
                                 head=f'<Delete xmlns="{S3}">'),
    "foreign-namespace": _delete('<Object><Key xmlns="urn:autre">victim</Key></Object>'),
    "cdata-dot-dot": _delete("<Object><Key><![CDATA[../../../victim]]></Key></Object>"),
    "char-refs-dot-dot": _delete("<Object><Key>&#46;&#46;/&#x2e;&#x2E;/&#46;./victim</Key>"
                                 "</Object>"),
    "entity": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY v "victim">]>'
              b"<Delete><Object><Key>&v;</Key></Object></Delete>",
    "external-entity": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY v SYSTEM '
                       b'"file:///etc/hostname">]><Delete><Object><Key>&v;</Key></Object>'
                       b"</Delete>",
    "two-keys": _delete("<Object><Key>a.csv</Key><Key>victim</Key></Object>"),
    "key-outside-object": _delete("<Key>victim</Key><Object><Key>a.csv</Key></Object>"),
    "upper-case-tag": _delete("<Object><KEY>victim</KEY></Object>"),
    "attribute": _delete('<Object><Key bucket="equipe">victim</Key></Object>'),
    "comment-split": _delete("<Object><Key>../<!-- -->../../victim</Key></Object>"),
    "not-xml": b"<Delete><Object><Key>victim</Key></Object>",
    "utf16": '<?xml version="1.0" encoding="UTF-16"?><Delete><Object><Key>../../../victim'
             "</Key></Object></Delete>".encode("utf-16"),
}

#: Paths (already percent-encoded as sent on the wire) that try to climb out.
PATHS = {
    "dot-dot-encoded": f"/{VIRTUAL}/%2E%2E/%2E%2E/%2E%2E/victim",
    "dot-dot-slash-encoded": f"/{VIRTUAL}/a%2F..%2F..%2F..%2F..%2Fvictim",
    "dot-segment": f"/{VIRTUAL}/./%2E/victim",
    "real-bucket-in-path": f"/{RUN_BUCKET}/victim",
    "other-bucket-in-path": f"/{OTHER_BUCKET}/victim",
}

BUCKET_SUBRESOURCES = ["policy", "acl", "cors", "lifecycle", "tagging", "versioning",
                       "website", "notification", "replication", "encryption", "object-lock",
                       "logging", "ownershipControls", "publicAccessBlock", "accelerate",
                       "requestPayment", "analytics", "inventory", "metrics",
                       "intelligent-tiering", "versions", "uploads", "delete"]
OBJECT_SUBRESOURCES = ["acl", "tagging", "retention", "legal-hold", "restore", "torrent",
                       "attributes", "select&select-type=2"]
HEADERS = {
    "acl-public-read": {"x-amz-acl": "public-read"},
    "grant-read": {"x-amz-grant-read": 'uri="http://acs.amazonaws.com/groups/global/AllUsers"'},
    "grant-full-control": {"x-amz-grant-full-control": 'id="quelquun"'},
    "object-lock": {"x-amz-object-lock-mode": "GOVERNANCE",
                    "x-amz-object-lock-retain-until-date": "2099-01-01T00:00:00Z"},
    "legal-hold": {"x-amz-object-lock-legal-hold": "ON"},
    "bypass-governance": {"x-amz-bypass-governance-retention": "true"},
    "website-redirect": {"x-amz-website-redirect-location": "/equipe/victim"},
    "copy-source-real-bucket": {"x-amz-copy-source": f"/{RUN_BUCKET}/victim"},
    "copy-source-dot-dot": {"x-amz-copy-source": f"/{VIRTUAL}/..%2F..%2F..%2Fvictim"},
}


def _snapshot(client) -> dict:
    """Every object of both buckets but the run's own, byte for byte, and their policies."""
    state = {}
    for bucket in (RUN_BUCKET, OTHER_BUCKET):
        objects = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for entry in page.get("Contents", []):
                if bucket != RUN_BUCKET or not entry["Key"].startswith(f"{PREFIX}/"):
                    objects[entry["Key"]] = client.get_object(
                        Bucket=bucket, Key=entry["Key"])["Body"].read()
        try:
            policy = client.get_bucket_policy(Bucket=bucket)["Policy"]
        except client.exceptions.ClientError:
            policy = None
        state[bucket] = (objects, policy)
    return state


class LiveProxy:
    """A confining proxy in front of a real server, and a way to send it raw requests."""

    def __init__(self, target, upstream_credentials, admin, environ):
        self.admin = admin
        self.endpoint = open_external({
            "NUBODOC_ENDPOINT_URL": target.endpoint_url,
            "NUBODOC_ACCESS_KEY_ID": upstream_credentials.access_key_id,
            "NUBODOC_SECRET_ACCESS_KEY": upstream_credentials.secret_access_key,
            "NUBODOC_SESSION_TOKEN": upstream_credentials.session_token or "",
            "NUBODOC_CA_BUNDLE": str(target.ca_bundle),
            "NUBODOC_RUN_PREFIX": f"{RUN_BUCKET}/{PREFIX}", **environ})
        self.own = self.endpoint.prepare([VIRTUAL], [])
        self.url = self.endpoint.endpoint_url

    def send(self, method: str, path: str, headers: dict | None = None, body: bytes = b"",
             host: str | None = None) -> requests.Response:
        """*path* (encoded, with its query) signed with the proxy's keys, as boto3 signs."""
        headers = dict(headers or {})
        if host:
            headers["host"] = host
        request = AWSRequest(method=method, url=self.url + path, headers=headers, data=body)
        S3Signer(self._boto_credentials(), hashlib.sha256(body).hexdigest()).add_auth(request)
        return requests.request(method, self.url + path, headers=dict(request.headers),
                                data=body, verify=str(self.endpoint.ca_bundle), timeout=30)

    def presigned(self, method: str, path: str) -> requests.Response:
        """*path* through a presigned URL made with the proxy's keys."""
        request = AWSRequest(method=method, url=self.url + path)
        S3SigV4QueryAuth(self._boto_credentials(), "s3", REGION, expires=300).add_auth(request)
        return requests.request(method, request.url, verify=str(self.endpoint.ca_bundle),
                                timeout=30)

    def _boto_credentials(self) -> BotoCredentials:
        return BotoCredentials(self.own.access_key_id, self.own.secret_access_key,
                               self.own.session_token)

    def close(self) -> None:
        """Stop the proxy; it removes its run folder."""
        self.endpoint.close()


def _sandbox_proxy():
    sandbox = open_sandbox()
    credentials = sandbox.prepare([RUN_BUCKET, OTHER_BUCKET], [])
    return sandbox, LiveProxy(sandbox, credentials, sandbox.admin_client(), {})


def _seaweedfs_proxy():
    from nubodoc.targets.seaweedfs import ROLE_ARN

    try:
        weed = open_target(os.environ, "seaweedfs")
    except NubodocError as exc:
        pytest.skip(f"SeaweedFS cannot start here: {exc}")
    credentials = weed.prepare([RUN_BUCKET, OTHER_BUCKET], [])
    return weed, LiveProxy(weed, credentials, weed.admin_client(), {ROLE_VARIABLE: ROLE_ARN})


@pytest.fixture(scope="module", params=["sandbox", "seaweedfs"])
def proxy_and_server(request):
    """A live proxy in front of a real server, and the server's name."""
    server, proxy = (_sandbox_proxy if request.param == "sandbox" else _seaweedfs_proxy)()
    try:
        yield proxy, request.param
    finally:
        proxy.close()
        server.close()


@pytest.fixture
def live(proxy_and_server):
    """The live proxy with the planted objects written anew, the state before the test,
    and the server's name: each test starts from the same state, whatever the last did."""
    proxy, server = proxy_and_server
    for (bucket, key), body in PLANTED.items():
        proxy.admin.put_object(Bucket=bucket, Key=key, Body=body)
    before = _snapshot(proxy.admin)
    assert {(b, k) for b, (objects, _) in before.items() for k in objects} == set(PLANTED)
    return proxy, before, server


def _refused(answer: requests.Response) -> None:
    assert answer.status_code >= 400, (answer.status_code, answer.text)
    assert "<Error>" in answer.text or answer.request.method == "HEAD", answer.text


def _untouched(proxy: LiveProxy, before: dict) -> None:
    assert _snapshot(proxy.admin) == before


def test_the_second_wall_stands_where_the_server_has_one(live):
    proxy, before, server = live
    wall = proxy.endpoint.wall
    if server == "sandbox":
        assert wall.proxy_only, "moto ignores session policies: the proxy stands alone"
        return
    assert wall.proxy_only is None
    upstream = proxy.endpoint._real
    for key in ("victim", "essais/victim", f"{VIRTUAL}/victim"):
        with pytest.raises(upstream.exceptions.ClientError, match="AccessDenied"):
            upstream.delete_object(Bucket=RUN_BUCKET, Key=key)
    with pytest.raises(upstream.exceptions.ClientError, match="AccessDenied"):
        upstream.put_object(Bucket=OTHER_BUCKET, Key="intrus", Body=b"x")
    _untouched(proxy, before)


@pytest.mark.parametrize("body", DELETE_BODIES.values(), ids=DELETE_BODIES.keys())
def test_delete_objects_bodies_never_name_a_key_outside(live, body):
    proxy, before, _ = live
    inside = proxy.send("PUT", f"/{VIRTUAL}/victim", body=b"le seul qui peut partir\n")
    assert inside.status_code == 200, inside.text
    answer = proxy.send("POST", f"/{VIRTUAL}?delete", {"content-type": "application/xml"}, body)
    if answer.status_code == 200:
        assert proxy.send("HEAD", f"/{VIRTUAL}/victim").status_code == 404
    else:
        _refused(answer)
    _untouched(proxy, before)


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_paths_that_climb_out_are_refused(live, method, path):
    proxy, before, _ = live
    _refused(proxy.send(method, path, body=b"intrus" if method == "PUT" else b""))
    _refused(proxy.presigned(method, path))
    _untouched(proxy, before)


@pytest.mark.parametrize("subresource", BUCKET_SUBRESOURCES)
@pytest.mark.parametrize("method", ["PUT", "DELETE", "POST"])
def test_bucket_subresources_are_refused(live, method, subresource):
    proxy, before, _ = live
    body = b'{"Version":"2012-10-17","Statement":[]}' if subresource == "policy" else b"<x/>"
    _refused(proxy.send(method, f"/{VIRTUAL}?{subresource}", body=body))
    _untouched(proxy, before)


@pytest.mark.parametrize("subresource", OBJECT_SUBRESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_object_subresources_are_refused(live, method, subresource):
    proxy, before, _ = live
    _refused(proxy.send(method, f"/{VIRTUAL}/a.csv?{subresource}", body=b"<x/>"))
    _untouched(proxy, before)


@pytest.mark.parametrize("headers", HEADERS.values(), ids=HEADERS.keys())
def test_headers_that_grant_lock_or_read_outside_are_refused(live, headers):
    proxy, before, _ = live
    _refused(proxy.send("PUT", f"/{VIRTUAL}/a.csv", headers, b"donnees"))
    _untouched(proxy, before)


@pytest.mark.parametrize("query", ["prefix=../../", "prefix=a/../..", "start-after=../victim",
                                   "marker=../../victim", "uploads&key-marker=../victim"])
def test_listing_positions_that_climb_out_are_refused(live, query):
    proxy, before, _ = live
    _refused(proxy.send("GET", f"/{VIRTUAL}?list-type=2&{query}"))
    _untouched(proxy, before)


@pytest.mark.parametrize("path", ["/victim", f"/{VIRTUAL}/victim"])
def test_virtual_host_addressing_is_refused(live, path):
    proxy, before, _ = live
    port = urlsplit(proxy.url).port
    for method in ("DELETE", "PUT"):
        _refused(proxy.send(method, path, host=f"{RUN_BUCKET}.127.0.0.1:{port}"))
    _untouched(proxy, before)


def test_a_virtual_bucket_named_as_the_real_one_stays_inside(live):
    proxy, before, _ = live
    assert proxy.send("PUT", f"/{RUN_BUCKET}").status_code == 200
    try:
        deleted = proxy.send("DELETE", f"/{RUN_BUCKET}/victim")
        assert deleted.status_code == 204, deleted.text
        listing = proxy.send("GET", f"/{RUN_BUCKET}?list-type=2")
        assert "<Key>" not in listing.text, listing.text
    finally:
        proxy.send("DELETE", f"/{RUN_BUCKET}")
    _untouched(proxy, before)


@pytest.mark.parametrize("document", [
    b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part>"
    b"<Key>victim</Key></CompleteMultipartUpload>",
    b'<!DOCTYPE c [<!ENTITY e "1">]><CompleteMultipartUpload><Part><PartNumber>&e;'
    b"</PartNumber></Part></CompleteMultipartUpload>",
    b"<Delete><Object><Key>victim</Key></Object></Delete>",
], ids=["key-in-complete", "entity-in-complete", "delete-as-complete"])
def test_complete_multipart_documents_are_checked(live, document):
    proxy, before, _ = live
    _refused(proxy.send("POST", f"/{VIRTUAL}/gros.bin?uploadId=abc", body=document))
    _untouched(proxy, before)


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/"), ("PUT", "/"), ("POST", "/"),
                                              ("POST", "/?delete")])
def test_the_root_refuses_everything_but_listing_buckets(live, method, path):
    proxy, before, _ = live
    _refused(proxy.send(method, path, body=DELETE_BODIES["space-in-tag"]))
    _untouched(proxy, before)
