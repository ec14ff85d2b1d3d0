"""When to retry a failed request, and how long to wait first.

Gemini gateways send no `Retry-After` header on a 429: the wait is in Google's `RetryInfo.retryDelay` detail
("58s", "45.8s") or in the message ("Please retry in 45.8s."). The error parser reads those with
`parse_retry_delay` / `retry_delay_in_message`; `RetryPolicy` decides, for an error that happened *before the
first byte of the answer*, whether another attempt is worth it.

The policy knows errors only through attributes (`retryable`, `retry_after`, and for a 429 without a body
`backoff_floor` and `retry_limit`) so that this module does not import the error tree at run time (the error
tree imports the parsers from here).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.gemini.errors import GeminiError

_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|sec|secs|seconds?|m|min|minutes?)?\s*$", re.I)
_RETRY_IN_RE = re.compile(
    r"retry\s+(?:again\s+)?(?:in|after)\s+(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?|m|min|minutes?)\b",
    re.I,
)
_UNIT_SECONDS = {"ms": 0.001, "m": 60.0, "min": 60.0, "minute": 60.0, "minutes": 60.0}


def _to_seconds(number: str, unit: str | None) -> float:
    return float(number) * _UNIT_SECONDS.get((unit or "s").lower(), 1.0)


def parse_retry_delay(value: object) -> float | None:
    """Parse a delay such as Google's protobuf Duration string into seconds.

    Accepts "58s", "45.8s", "500ms", "2m", a bare number ("3", a Retry-After header) and JSON numbers.

    Returns:
        The delay in seconds, or None when the value is not a recognisable non-negative duration.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value >= 0 else None
    if not isinstance(value, str):
        return None
    match = _DURATION_RE.match(value)
    if match is None:
        return None
    return _to_seconds(match.group(1), match.group(2))


def retry_delay_in_message(message: str) -> float | None:
    """Find "Please retry in 45.8s." (or "retry after 2 seconds") in an error message.

    Returns:
        The delay in seconds, or None when the message names none.
    """
    match = _RETRY_IN_RE.search(message)
    if match is None:
        return None
    return _to_seconds(match.group(1), match.group(2))


@dataclass(frozen=True, slots=True)
class Retrying:
    """A stream event: the previous attempt failed before any answer arrived, another one follows.

    Attributes:
        attempt: The number of the retry about to start (1 for the first retry).
        delay: Seconds the client waits before that retry.
        error: Why the previous attempt failed.
    """

    attempt: int
    delay: float
    error: GeminiError


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded retries with server-requested delays or exponential backoff.

    Only errors whose `retryable` is true are retried (408/429/500/502/503/504, and connection failures before
    the request was sent; never TLS, other 4xx, a per-day quota, or a connection closed or reset after the
    request was written, which the gateway may already be running and billing), and only before the first
    byte of the answer: the caller enforces that part, since a retry after the stream started would duplicate
    text the user has already seen.

    Attributes:
        max_retries: Retries after the first attempt (0 disables retrying).
        base_delay: The first backoff delay; it doubles with each retry.
        max_backoff: The cap of the computed backoff.
        max_server_delay: When the server asks for a longer wait than this, the error is surfaced instead:
            the user may prefer another model to a minute of silence.
        jitter: Relative spread of the backoff (0.25 means ±25 %), so that clients do not retry in lockstep.
    """

    max_retries: int = 3
    base_delay: float = 0.5
    max_backoff: float = 8.0
    max_server_delay: float = 60.0
    jitter: float = 0.25

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Return the jittered exponential delay before retry number `attempt` (1-based): 0.5, 1, 2 s ..."""
        delay = min(self.base_delay * 2.0 ** max(attempt - 1, 0), self.max_backoff)
        spread = (rng or random).uniform(-self.jitter, self.jitter)
        return max(0.0, delay * (1.0 + spread))

    def delay_for(self, error: GeminiError, attempt: int, rng: random.Random | None = None) -> float | None:
        """Decide whether to make retry number `attempt` (1-based) after `error`.

        Returns:
            Seconds to wait before retrying, or None when the error must be surfaced instead.
        """
        if attempt < 1 or attempt > self.max_retries or not error.retryable:
            return None
        requested = getattr(error, "retry_after", None)
        if isinstance(requested, int | float):
            # Waiting longer than the cap would look like a hang: surface the error and let the user decide.
            return float(requested) if requested <= self.max_server_delay else None
        # A 429 with no body at all names neither a reason nor a wait: quick retries would only feed the
        # limiter, so such errors ask for fewer retries, further apart (5 s, then 15 s).
        limit = getattr(error, "retry_limit", None)
        if isinstance(limit, int) and attempt > limit:
            return None
        floor = getattr(error, "backoff_floor", None)
        if isinstance(floor, int | float):
            spread = (rng or random).uniform(0.0, self.jitter)
            return float(floor) * 3.0 ** (attempt - 1) * (1.0 + spread)
        return self.backoff(attempt, rng)
