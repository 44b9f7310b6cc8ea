"""The embedded S3 sandbox: what a Nubonyxia service sees, on 127.0.0.1.

moto's S3, IAM and STS behind HTTPS (a throwaway CA), authentication enforced,
presigned URLs and anonymous reads checked as MinIO does (see presigned.py and
anonymous.py).
The harness holds an administrator key; readers' snippets get temporary
credentials (access key, secret, session token) from STS, as on the platform.
Each sandbox is a moto account of its own (see accounts.py): sandboxes open at once
in one process keep their own buckets, objects and keys.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import boto3
from botocore.config import Config
from moto import __version__ as moto_version

from nubodoc.core.capabilities import Capability
from nubodoc.core.credentials import REGION, Credentials
from nubodoc.core.errors import EndpointError, UnsupportedOnTarget
from nubodoc.core.request_log import RequestLog
from nubodoc.core.temporary import temporary_folder
from nubodoc.platform.shape import DEFAULT_SHAPE, PlatformShape, other_user_policy
from nubodoc.targets.clients import s3_client, user_policy
from nubodoc.targets.protocol import Behaviour, KnownDifference
from nubodoc.targets.sandbox import accounts, conditional_writes, listings
from nubodoc.targets.sandbox.anonymous import serve_anonymous_reads
from nubodoc.targets.sandbox.https_server import HttpsMotoServer
from nubodoc.targets.sandbox.listings import listing_answers
from nubodoc.targets.sandbox.minio_answers import answer_options_as_minio, like_minio
from nubodoc.targets.sandbox.presigned import accept_presigned_urls
from nubodoc.targets.sandbox.request_checks import check_requests

ADMIN_USER = "nubodoc-harness"
USER_ROLE = "nubonyxia-utilisateur"
SESSION_NAME = "utilisateur"
#: Another user of the platform, to check what the reader's bucket shows them.
OTHER_USER = "autre-utilisateur"
_ALLOW_ALL = {"Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def _trust_admin(account_id: str) -> dict:
    """The users' role's trust policy: the harness's administrator may assume it."""
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_id}:user/{ADMIN_USER}"},
        "Action": "sts:AssumeRole"}]}


class Sandbox:
    """moto over HTTPS with authentication on; use as a context manager or start/close."""

    name = "sandbox"
    server_label = f"le bac à sable S3 (moto {moto_version})"
    #: moto has no MinIO admin API: ``mc admin`` items are skipped.
    capabilities = frozenset(Capability) - {Capability.ADMIN_API}

    def __init__(self) -> None:
        self.account_id = accounts.new_account_id()
        self._workdir: Path | None = None
        self._server: HttpsMotoServer | None = None
        self._admin: Credentials | None = None
        self._admin_s3 = None
        self._service_accounts: list[str] = []
        self._denied: list[str] = []
        #: The platform whose shape the sandbox serves (:meth:`take_shape`).
        self.shape = DEFAULT_SHAPE
        #: GET requests per object since the last :meth:`prepare` (request_log.py).
        self.requests = RequestLog()

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def endpoint_url(self) -> str:
        """``https://127.0.0.1:<port>``."""
        assert self._server is not None, "sandbox not started"
        return f"https://127.0.0.1:{self._server.port}"

    @property
    def ca_bundle(self) -> Path:
        """PEM file of the throwaway CA that signed the server's certificate."""
        assert self._server is not None, "sandbox not started"
        return self._server.ca_bundle

    def start(self) -> None:
        """Start the server and bootstrap the harness's administrator key."""
        if "MOTO_ACCOUNT_ID" in os.environ:
            raise EndpointError(
                f"MOTO_ACCOUNT_ID is set ({os.environ['MOTO_ACCOUNT_ID']}): moto would serve "
                "every sandbox from that one account; unset it to use the sandbox")
        accounts.install()
        listings.install()
        conditional_writes.install()
        self._workdir = temporary_folder("nubodoc-sandbox-")
        atexit.register(self.close)
        self._server = HttpsMotoServer(self._workdir, self._middleware)
        try:
            self._server.start()
            self._bootstrap()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the server, forget the sandbox's account and delete every temporary file."""
        if self._server is not None:
            self._server.stop()
            self._server = None
            accounts.drop_account(self.account_id)
            self._admin = self._admin_s3 = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
        atexit.unregister(self.close)

    def _client(self, service: str, credentials: Credentials):
        return boto3.client(
            service, endpoint_url=self.endpoint_url, region_name=REGION,
            aws_access_key_id=credentials.access_key_id,
            aws_secret_access_key=credentials.secret_access_key,
            aws_session_token=credentials.session_token,
            verify=str(self.ca_bundle), config=Config(retries={"max_attempts": 1}),
        )

    def _bootstrap(self, denied_buckets: list[str] = ()) -> None:
        """Empty the sandbox's account, create the admin user and the users' role.

        Done in-process, through moto's own backends (the server runs in this
        process): the same users, keys and role as through IAM's API, without
        eight HTTPS round trips. The users' role may do anything on S3 but on
        *denied_buckets*. Authentication is enforced on every request the
        sandbox serves (accounts.in_account), not by moto's process-wide setting.
        """
        from moto.iam.models import iam_backends

        accounts.drop_account(self.account_id)
        iam = iam_backends[self.account_id]["aws"]
        iam.create_user(REGION, ADMIN_USER)
        iam.put_user_policy(ADMIN_USER, "admin", json.dumps(_ALLOW_ALL))
        key = iam.create_access_key(ADMIN_USER)
        iam.create_role(USER_ROLE, json.dumps(_trust_admin(self.account_id)), "/", None, "",
                        [], None)
        iam.put_role_policy(USER_ROLE, "stockage", json.dumps(user_policy(denied_buckets)))
        self._admin = Credentials(key.access_key_id, key.secret_access_key)
        self._admin_s3 = None
        self._service_accounts = []

    def _still_bootstrapped(self) -> bool:
        """Whether moto still holds our administrator key.

        moto's own global reset (``mock_aws`` starting, in a test of the same
        process) empties every account, the sandbox's included.
        """
        from moto.iam.models import iam_backends

        if self._admin is None:
            return False
        user = iam_backends[self.account_id]["aws"].users.get(ADMIN_USER)
        return user is not None and any(
            key.access_key_id == self._admin.access_key_id for key in user.access_keys)

    def _reset_storage(self, denied_buckets: list[str]) -> None:
        """Between items: empty S3 and forget service accounts, in-process.

        The administrator key and the users' role are kept (only the role's
        policy changes, for *denied_buckets*): recreating them through IAM
        took most of the time of a reset.
        """
        from moto.iam.models import iam_backends
        from moto.sts.models import sts_backends

        accounts.empty_storage(self.account_id)
        sts_backends[self.account_id]["aws"].assumed_roles = []
        iam = iam_backends[self.account_id]["aws"]
        for name in self._service_accounts:
            user = iam.get_user(name)
            for key in list(user.access_keys):
                iam.delete_access_key(key.access_key_id, name)
            for policy in list(user.policies):
                iam.delete_user_policy(name, policy)
            iam.delete_user(name)
        self._service_accounts = []
        iam.put_role_policy(USER_ROLE, "stockage", json.dumps(user_policy(denied_buckets)))

    def take_shape(self, shape: PlatformShape) -> None:
        """Hand out credentials as *shape*'s platform does, from the next :meth:`prepare` on.

        Temporary credentials of its STS lifetime, or static keys when it has no STS;
        another user (:meth:`other_user_credentials`) reads its public folder, if any.
        """
        self.shape = shape

    def session_credentials(self) -> Credentials:
        """Fresh credentials, as injected into a platform service: temporary ones from STS
        of the shape's lifetime, or, for a platform without STS, static keys.

        Asked of moto's STS in-process (the users' role assumed by the harness's
        administrator): the same credentials as through STS's API, without a client
        and a round trip.
        """
        from moto.sts.models import sts_backends

        assert self._admin is not None, "sandbox not started"
        if self.shape.sts_seconds is None:
            return self._user_keys(f"{SESSION_NAME}-{len(self._service_accounts) + 1}",
                                   user_policy(self._denied))
        role = sts_backends[self.account_id]["aws"].assume_role(
            region_name=REGION, role_session_name=SESSION_NAME,
            role_arn=f"arn:aws:iam::{self.account_id}:role/{USER_ROLE}", policy=None,
            duration=self.shape.sts_seconds, external_id=None,
        )
        return Credentials(role.access_key_id, role.secret_access_key, role.session_token,
                           role.expiration)

    def admin_client(self):
        """A boto3 S3 client with the harness's administrator key (made on first use)."""
        assert self._admin is not None, "sandbox not started"
        if self._admin_s3 is None:
            self._admin_s3 = s3_client(self.endpoint_url, self._admin, self.ca_bundle)
        return self._admin_s3

    def prepare(self, buckets: list[str], objects: list,
                denied_buckets: list[str] = ()) -> Credentials:
        """Reset the sandbox, seed *buckets* and *objects*; return session credentials.

        The session credentials are refused on *denied_buckets*.
        """
        self._denied = list(denied_buckets)
        if self._still_bootstrapped():
            self._reset_storage(list(denied_buckets))
        else:
            self._bootstrap(denied_buckets)
        self._write_in_process(buckets, objects)
        self.requests.clear()
        return self.session_credentials()

    def _write_in_process(self, buckets: list[str], objects: list) -> None:
        """Create *buckets* and write seed *objects* straight into moto's (empty) store.

        Fast, even for thousands of objects: no HTTPS round trip per call.
        """
        from moto.s3.models import s3_backends

        backend = s3_backends[self.account_id]["aws"]
        with accounts.serving(self.account_id):
            for bucket in buckets:
                backend.create_bucket(bucket, REGION)
            for obj in objects:
                backend.put_object(obj.bucket, obj.key, obj.body)

    def service_account(self, policy: dict) -> Credentials:
        """Permanent keys of a new IAM user whose only rights are *policy*."""
        return self._user_keys(f"compte-de-service-{len(self._service_accounts) + 1}", policy)

    def other_user_credentials(self) -> Credentials:
        """Keys of another user of the platform: their own bucket, and the reader's bucket's
        public folder where the shape has one (:func:`other_user_policy`), nothing else."""
        return self._user_keys(f"{OTHER_USER}-{len(self._service_accounts) + 1}",
                               other_user_policy(self.shape, OTHER_USER))

    def _user_keys(self, name: str, policy: dict) -> Credentials:
        """Static keys of a new IAM user *name* whose only rights are *policy*."""
        assert self._admin is not None, "sandbox not started"
        self._service_accounts.append(name)
        iam = self._client("iam", self._admin)
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="acces",
                            PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return Credentials(key["AccessKeyId"], key["SecretAccessKey"])

    def _middleware(self, app):
        """What moto lacks: presigned URLs and anonymous reads under enforced auth, requests
        checked as MinIO checks them (request_checks.py) and answers shaped like MinIO's
        (minio_answers.py, listings.py, ``OPTIONS`` included); GETs counted per object."""
        moto = check_requests(accounts.in_account(app, self.account_id), self._s3_backend)
        return answer_options_as_minio(self.requests.middleware(like_minio(listing_answers(
            accept_presigned_urls(
                serve_anonymous_reads(moto, self.bucket_policy, self._harness_credentials),
                self.known_credentials)), self.last_modified)))

    def _s3_backend(self):
        """The sandbox's own moto S3 backend."""
        from moto.s3.models import s3_backends

        return s3_backends[self.account_id]["aws"]

    def _harness_credentials(self) -> Credentials:
        assert self._admin is not None, "sandbox not started"
        return self._admin

    def bucket_policy(self, bucket: str) -> dict | None:
        """The policy of *bucket* as the server holds it, or None."""
        from moto.s3.models import s3_backends

        found = s3_backends[self.account_id]["aws"].buckets.get(bucket)
        if found is None or not found.policy:
            return None
        return json.loads(found.policy)

    def last_modified(self, bucket: str, key: str) -> datetime | None:
        """When the object *bucket*/*key* was last written (naive UTC), or None."""
        from moto.s3.models import s3_backends

        found = s3_backends[self.account_id]["aws"].buckets.get(bucket)
        stored = found.keys.get(key) if found is not None else None
        return getattr(stored, "last_modified", None)

    def known_credentials(self, access_key_id: str) -> Credentials | None:
        """The credentials the server knows under *access_key_id*, or None."""
        from moto.iam.models import iam_backends
        from moto.sts.models import sts_backends

        for role in sts_backends[self.account_id]["aws"].assumed_roles:
            if role.access_key_id == access_key_id:
                return Credentials(access_key_id, role.secret_access_key, role.session_token)
        for user in iam_backends[self.account_id]["aws"].users.values():
            for key in user.access_keys:
                if key.access_key_id == access_key_id:
                    return Credentials(access_key_id, key.secret_access_key)
        return None

    def expected_failure(self, task: str, language: str | None) -> KnownDifference | None:
        """None: every task is written to pass on the sandbox."""
        return None

    def behaviour_difference(self, behaviour: Behaviour) -> KnownDifference | None:
        """None: every task is written to pass on the sandbox."""
        return None

    def expired_credentials(self) -> Credentials:
        """Temporary credentials whose lifetime is over.

        Like MinIO, which purges a temporary user when its token expires, the
        sandbox forgets the credentials: the server no longer knows the key. A platform
        without STS has none.
        """
        if self.shape.sts_seconds is None:
            raise UnsupportedOnTarget(
                f"the {self.shape.name} platform hands out static keys, no temporary "
                "credentials that expire")
        credentials = self.session_credentials()
        self.forget_credentials(credentials.access_key_id)
        return credentials

    def forget_credentials(self, access_key_id: str) -> None:
        """Expire the temporary credentials of *access_key_id* now: the server forgets them."""
        from moto.sts.models import sts_backends

        backend = sts_backends[self.account_id]["aws"]
        backend.assumed_roles = [role for role in backend.assumed_roles
                                 if role.access_key_id != access_key_id]
