"""Why an update check or download failed, as a code the Qt layer turns into words."""

from __future__ import annotations

from enum import Enum


class UpdateProblem(Enum):
    """What went wrong; the value is a stable code (logs, tests)."""

    UNREACHABLE = "unreachable"  # no answer, a timeout, an HTTP error
    BAD_FEED = "bad-feed"  # the feed answered something that is not a release
    NOT_SIGNED = "not-signed"  # the update metadata is missing this release, or its signatures fail
    TAMPERED = "tampered"  # the file differs from the signed length or hash
    TOO_LARGE = "too-large"  # bigger than any release file may be
    EXPIRED = "expired"  # the signed metadata has expired (a frozen mirror)
    ROLLBACK = "rollback"  # the metadata went back to an older version
    NO_TRUST_ROOT = "no-trust-root"  # this build carries no update key: it can only notify


class UpdateError(Exception):
    """An update step failed; ``problem`` says how, ``detail`` is for the log."""

    def __init__(self, problem: UpdateProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail
