"""The one protocol every S3 server implements: a *target*, what it can do, how it differs.

A new server is a module of :mod:`nubodoc.targets` with a class implementing
:class:`Target` and a factory named in :data:`nubodoc.targets.TARGETS`. What it
cannot do is declared in ``capabilities`` (items needing more are skipped before they
run; its method for a capability it lacks raises
:class:`~nubodoc.core.capabilities.CapabilityNotOffered`, a bug if reached); where it
answers differently from MinIO, :meth:`Target.expected_failure` returns the
:class:`KnownDifference`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from nubodoc.core.behaviours import Behaviour
from nubodoc.core.capabilities import Capability
from nubodoc.core.credentials import Credentials
from nubodoc.platform.shape import PlatformShape

__all__ = ["Behaviour", "Capability", "Credentials", "KnownDifference", "Target"]


@dataclass(frozen=True)
class KnownDifference:
    """Where a server answers differently from MinIO, and the exact failure that causes.

    A check (a snippet item or a behaviour probe) that meets this difference fails
    with an exception of type *raises* whose message matches the regular expression
    *match*: the judged mismatch itself. Any other failure (a timeout, a dead
    server, another mismatch) is not this difference, and is reported as a failure.
    """

    #: What the server answers and what MinIO answers, as the report says it.
    reason: str
    #: The exception class the check fails with (AssertionError, SnippetFailure…).
    raises: type[BaseException]
    #: A regular expression searched for in the exception's message.
    match: str
    #: The behaviour this difference concerns, if tasks may depend on it (``depends_on``).
    behaviour: Behaviour | None = None

    def __post_init__(self) -> None:
        re.compile(self.match)

    def explains(self, error: BaseException) -> bool:
        """True when *error* is this difference's failure: its class, and its message."""
        return isinstance(error, self.raises) and re.search(self.match, str(error)) is not None

    def describe(self) -> str:
        """The expected failure, for a report: class, pattern and reason."""
        return f"{self.raises.__name__} matching /{self.match}/ ({self.reason})"


class Target(Protocol):
    """An S3 server the suite runs snippets against: the sandbox or a real endpoint."""

    #: The target's name in configuration: ``sandbox``, ``seaweedfs``, ``minio``, ``external``.
    name: str
    #: What the server is, in French, as a page says it ("le bac à sable S3 (moto 5.2.5)").
    server_label: str
    endpoint_url: str
    ca_bundle: Path | None
    #: What the server can do beyond objects and session credentials: the one place a
    #: target says so. An item whose task needs more (nubodoc.core.capabilities.task_needs)
    #: is skipped, with the reason.
    capabilities: frozenset[Capability]

    def prepare(self, buckets: list[str], objects: list,
                denied_buckets: list[str] = ()) -> Credentials:
        """Empty and create *buckets*, write the seed objects; return the reader's credentials.

        The credentials returned must be refused on *denied_buckets* where the target can.
        """

    def service_account(self, policy: dict) -> Credentials:
        """Permanent credentials (a service account) whose only rights are *policy*."""

    def expired_credentials(self) -> Credentials:
        """Temporary credentials that are no longer valid."""

    def reader_access_key(self, access_key: str) -> None:
        """Give the reader of the last :meth:`prepare` a permanent key named *access_key*.

        Called only for a task declaring ``reader_access_keys``, which needs the admin API
        (:data:`~nubodoc.core.capabilities.Capability.ADMIN_API`): a target without it
        never gets the call. A key of that name left by an earlier run is replaced.
        """

    def admin_client(self):
        """A boto3 S3 client with the harness's own rights, to seed and inspect buckets."""

    def take_shape(self, shape: PlatformShape) -> None:
        """Serve the platform *shape* (:mod:`nubodoc.platform.shape`) from the next
        :meth:`prepare` on, as far as the server can: the sandbox hands out credentials of
        its STS lifetime or static keys; a server whose credentials are its own keeps them.
        """

    def expected_failure(self, task: str, language: str | None) -> KnownDifference | None:
        """How *task* in *language* fails on this server though it works on MinIO, or None.

        With *language* None, *task* is a behaviour probe: the name of a test of
        tests/test_minio_behaviours.py or tests/test_peer_behaviours.py, which checks one
        of MinIO's behaviours on every target. The target owns the one list of its
        differences; each names the server and the exact behaviour in which it differs
        (what each server answers), and the one failure that behaviour causes (exception
        class, pattern of its message).
        """

    def behaviour_difference(self, behaviour: Behaviour) -> KnownDifference | None:
        """This server's difference from MinIO in *behaviour*, or None where it behaves alike.

        The difference is one of those :meth:`expected_failure` returns, the one naming
        *behaviour*: an item whose task depends on it is its expected failure.
        """

    def close(self) -> None:
        """Release everything the target holds (servers, temporary files)."""
