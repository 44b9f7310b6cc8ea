"""A target's known difference from MinIO: the one failure a check is expected to meet there."""

from __future__ import annotations

import re
from dataclasses import dataclass


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

    def __post_init__(self) -> None:
        re.compile(self.match)

    def explains(self, error: BaseException) -> bool:
        """True when *error* is this difference's failure: its class, and its message."""
        return isinstance(error, self.raises) and re.search(self.match, str(error)) is not None

    def describe(self) -> str:
        """The expected failure, for a report: class, pattern and reason."""
        return f"{self.raises.__name__} matching /{self.match}/ ({self.reason})"
