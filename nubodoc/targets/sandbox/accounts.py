"""Each sandbox is a moto account of its own, so that sandboxes in one process never meet.

moto keeps its backends per account id (``iam_backends[account]``, ``s3_backends[account]``
…) and picks a request's account from its ``x-moto-account-id`` header. Every request a
sandbox serves goes through :func:`in_account`, which sets that header to the sandbox's
account (whatever the client sent), so keys, buckets and objects of another sandbox are
unknown to it; resets and closing touch that account's backends only.

Two things moto keeps process-wide would still let sandboxes meet; :func:`install`
scopes both, once per process, to the sandbox serving the current request (the
context variable :data:`SERVING_ACCOUNT`, set by :func:`in_account` and :func:`serving`):

- bucket names: moto holds one namespace for every account, as AWS does
  (``s3_backends.bucket_accounts``); each sandbox gets a namespace of its own, as each
  MinIO server has, and two sandboxes may both hold ``utilisateur``;
- authentication: moto turns it on for the whole process
  (``settings.INITIAL_NO_AUTH_ACTION_COUNT``); a request a sandbox serves reads 0 there
  (enforced), whatever the setting holds.

Still process-wide, and harmless: those two replacements themselves. Outside a sandbox's
request they answer exactly as moto's own (one bucket namespace, and the setting as last
written, by the environment variable, ``enable_iam_authentication`` or ``/moto-api``), so a
plain moto user in the process sees moto unchanged. What remains is moto's own global
reset (``mock_aws`` starting, ``/moto-api/reset``), which empties every account: a
sandbox notices it lost its keys and bootstraps again at its next ``prepare``; sandboxes
do not serve ``/moto-api``, so no client of theirs can reset the process.
"""

from __future__ import annotations

import itertools
import sys
import threading
import types
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar

from nubodoc.targets.s3_errors import error_answer

#: The account of the sandbox serving the current request (None: not a sandbox's).
SERVING_ACCOUNT: ContextVar[str | None] = ContextVar("nubodoc_sandbox_account", default=None)

#: Sandboxes' accounts: 12 digits, away from moto's default ``123456789012``.
_ACCOUNT_NUMBERS = itertools.count(900000000001)
_INSTALL_LOCK = threading.Lock()


def new_account_id() -> str:
    """A 12-digit account id no other sandbox of this process has."""
    return str(next(_ACCOUNT_NUMBERS))


@contextmanager
def serving(account_id: str) -> Iterator[None]:
    """In-process work on *account_id*'s backends, seen by moto as that sandbox's."""
    token = SERVING_ACCOUNT.set(account_id)
    try:
        yield
    finally:
        SERVING_ACCOUNT.reset(token)


class BucketOwners(MutableMapping):
    """moto's map of bucket name to (partition, account): one namespace per sandbox.

    Requests outside every sandbox share the namespace moto had before (``None``).
    """

    def __init__(self, shared: dict) -> None:
        self._spaces: dict[str | None, dict] = {None: dict(shared)}

    def _space(self) -> dict:
        return self._spaces.setdefault(SERVING_ACCOUNT.get(), {})

    def __getitem__(self, name: str):
        return self._space()[name]

    def __setitem__(self, name: str, owner) -> None:
        self._space()[name] = owner

    def __delitem__(self, name: str) -> None:
        del self._space()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._space()))

    def __len__(self) -> int:
        return len(self._space())

    def forget(self, account_id: str) -> None:
        """Drop every bucket name of *account_id*'s namespace."""
        self._spaces.pop(account_id, None)


class _SettingsWithSandboxes(types.ModuleType):
    """``moto.settings``, whose ``INITIAL_NO_AUTH_ACTION_COUNT`` is 0 in a sandbox's request.

    The value written (by moto, a test, the environment) is kept in the module's
    ``__dict__`` under the same name and read everywhere else.
    """

    @property
    def INITIAL_NO_AUTH_ACTION_COUNT(self) -> float:  # noqa: N802 (moto's name)
        """0 (authentication enforced) for a sandbox's request, else moto's setting."""
        if SERVING_ACCOUNT.get() is not None:
            return 0
        return self.__dict__["INITIAL_NO_AUTH_ACTION_COUNT"]

    @INITIAL_NO_AUTH_ACTION_COUNT.setter
    def INITIAL_NO_AUTH_ACTION_COUNT(self, value: float) -> None:  # noqa: N802
        self.__dict__["INITIAL_NO_AUTH_ACTION_COUNT"] = value


def install() -> None:
    """Scope moto's bucket namespace and authentication switch per sandbox (idempotent)."""
    from moto import settings
    from moto.s3.models import s3_backends

    with _INSTALL_LOCK:
        if not isinstance(s3_backends.bucket_accounts, BucketOwners):
            s3_backends.bucket_accounts = BucketOwners(s3_backends.bucket_accounts)
        if not isinstance(settings, _SettingsWithSandboxes):
            sys.modules[settings.__name__].__class__ = _SettingsWithSandboxes


def in_account(app: Callable, account_id: str) -> Callable:
    """Wrap moto's WSGI *app*: every request is served from *account_id*, auth enforced.

    ``/moto-api`` (moto's dashboard and its process-wide reset) is refused.
    """

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith("/moto-api"):
            return error_answer(start_response, 403, "AccessDenied",
                                "The nubodoc sandbox does not serve moto's API.")
        environ["HTTP_X_MOTO_ACCOUNT_ID"] = account_id
        with serving(account_id):
            return app(environ, start_response)

    return wrapped


def _dispose_objects(account_id: str) -> None:
    """Close the stored bodies of *account_id*'s objects and uploads, and forget its names.

    moto's own ``S3Backend.reset`` closes every object of the process, other
    sandboxes' included.
    """
    from moto.s3.models import s3_backends

    for backend in dict.get(s3_backends, account_id, {}).values():
        for bucket in list(backend.buckets.values()):
            for _, versions in bucket.keys.lists():
                for version in versions:
                    if hasattr(version, "dispose"):
                        version.dispose()
            for upload in list(bucket.multiparts.values()):
                upload.dispose()
    s3_backends.bucket_accounts.forget(account_id)


def empty_storage(account_id: str) -> None:
    """Delete every bucket and object of *account_id*, and nothing else."""
    from moto.core.base_backend import BaseBackend
    from moto.s3.models import s3_backends

    _dispose_objects(account_id)
    for backend in dict.get(s3_backends, account_id, {}).values():
        BaseBackend.reset(backend)


def drop_account(account_id: str) -> None:
    """Forget *account_id* in every moto service: users, keys, roles, buckets, objects."""
    from moto.core.base_backend import BackendDict, backend_lock

    _dispose_objects(account_id)
    with backend_lock:
        for service in list(BackendDict._instances):
            service.pop(account_id, None)
