"""What a target can do beyond objects and session credentials, and what a task needs of it.

Each target declares its :class:`Capability` set (``capabilities`` of
:class:`nubodoc.targets.protocol.Target`); each task needs some, derived from its
declaration (credentials kind, bucket policies, anonymous checks) plus those it
names under ``needs`` in ``task.toml`` (``needs = ["admin-api"]`` for ``mc admin``).
An item whose task needs what its target lacks is skipped, with the reason.
"""

from __future__ import annotations

from enum import Enum

from nubodoc.core.errors import NubodocError


class Capability(Enum):
    """One thing only some targets can do; the value is its name in ``task.toml``."""

    ADMIN_API = "admin-api"
    BUCKET_POLICIES = "bucket-policies"
    ANONYMOUS_ACCESS = "anonymous-access"
    EXPIRING_CREDENTIALS = "expiring-credentials"
    SERVICE_ACCOUNTS = "service-accounts"

    @property
    def label(self) -> str:
        """What the capability is, as a skip reason says it."""
        return _LABELS[self]


_LABELS = {
    Capability.ADMIN_API: "MinIO's admin API (mc admin)",
    Capability.BUCKET_POLICIES: "bucket policies",
    Capability.ANONYMOUS_ACCESS: "anonymous access",
    Capability.EXPIRING_CREDENTIALS: "credentials that expire during the run",
    Capability.SERVICE_ACCOUNTS: "service accounts (permanent keys made by the harness)",
}

#: The capability each credentials kind of ``task.toml`` needs.
_BY_CREDENTIALS = {
    "expired": Capability.EXPIRING_CREDENTIALS,
    "renewal": Capability.EXPIRING_CREDENTIALS,
    "anonymous": Capability.ANONYMOUS_ACCESS,
    "service-account": Capability.SERVICE_ACCOUNTS,
}

#: Every name ``needs`` accepts in ``task.toml``.
CAPABILITY_NAMES = tuple(capability.value for capability in Capability)


def task_needs(task) -> frozenset[Capability]:
    """Every capability *task* needs: those it names, and those its declaration implies."""
    needs = {Capability(name) for name in task.needs}
    if task.reader_access_keys:
        needs.add(Capability.ADMIN_API)
    if task.credentials in _BY_CREDENTIALS:
        needs.add(_BY_CREDENTIALS[task.credentials])
    expectations = task.expectations.values()
    if task.bucket_policies or any(e.bucket_policies or e.no_policy for e in expectations):
        needs.add(Capability.BUCKET_POLICIES)
    if any(e.anonymous_reads or e.anonymous_refused for e in expectations):
        needs.add(Capability.ANONYMOUS_ACCESS)
    return frozenset(needs)


def unmet_needs(task, target) -> str | None:
    """Why *task* cannot run on *target* (what it needs and the target lacks), or None.

    A task that needs nothing special does not ask the target (which may start lazily).
    """
    needs = task_needs(task)
    if not needs:
        return None
    lacking = sorted(needs - target.capabilities, key=lambda c: c.value)
    if not lacking:
        return None
    return (f"{task.name} needs {', '.join(c.label for c in lacking)}, which the "
            f"{target.name} target ({target.server_label}) does not offer")


class CapabilityNotOffered(NubodocError):
    """A target was asked for a capability it does not declare: a bug of the harness.

    Targets never say « cannot » mid-run: an item whose task needs what its target
    lacks is skipped before it runs (:func:`unmet_needs`). A method for an undeclared
    capability raises this, so that reaching it fails the item instead of skipping it.
    """

    def __init__(self, target, capability: Capability, why: str = ""):
        super().__init__(
            f"the {target.name} target does not offer {capability.label}"
            f"{f' ({why})' if why else ''}; items needing it are skipped before they run, "
            "so this call is a bug of the harness")
        self.capability = capability
