"""The gateway's refusals: an HTTP error status before the stream started, one class per meaning.

They belong to the one exception tree drawn in `app.core.gemini.errors` (the root, `GeminiError`, and the
errors without a status live there). Which class a refusal becomes is decided by
`error_mapping.error_from_response`; what each says to the user are the texts of its `code`.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from app.core.gemini.errors import GeminiError, format_seconds
from app.core.redaction import redact_text
from app.core.texts import Joined, Param, Text

_RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# The longest Retry-After worth saying to the user (a day); past it the figure is noise.
_LONGEST_WAIT_SHOWN = 86_400.0


class HTTPStatusError(GeminiError):
    """The gateway answered with an HTTP error status before the stream started.

    Attributes:
        error_code: new-api's `code` ("model_not_found", "429") or Google's `status` ("RESOURCE_EXHAUSTED").
        retry_after: Seconds the gateway asked to wait before retrying, when it said so.
    """

    _CODE = "gemini.http_status"
    _SHOW_DETAIL = False

    def __init__(
        self,
        detail: str = "",
        *,
        error_code: str | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(detail, **kwargs)
        self.error_code = error_code
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """True for 408, 429, 500, 502, 503 and 504."""
        return self.status in _RETRYABLE_STATUSES


class RedirectError(HTTPStatusError):
    """301, 302, 303, 307 or 308: the gateway sent the request elsewhere; it is not followed.

    Attributes:
        location: The absolute URL the gateway redirected to, when it said.
        suggested_base_url: The base URL that reaches the API at that target, when the target keeps the API
            path (a gateway moved to https or to another host); None for a sign-in page or a home page.
    """

    _CODE = "gemini.redirect"
    _SHOW_DETAIL = False

    def __init__(
        self,
        detail: str = "",
        *,
        location: str | None = None,
        suggested_base_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(detail, **kwargs)
        secrets = tuple(kwargs.get("redact", ()))
        self.location = None if location is None else redact_text(location, secrets)
        self.suggested_base_url = suggested_base_url

    @property
    def code(self) -> str:
        """``gemini.redirect`` (not to the API), ``.to_base`` (a base URL to use there) or ``.nowhere``."""
        if self.location is None:
            return f"{self._CODE}.nowhere"
        return f"{self._CODE}.to_base" if self.suggested_base_url else self._CODE

    def _params(self) -> dict[str, Param]:
        return {"target": self.location or "", "base": self.suggested_base_url or ""}


class BadRequestError(HTTPStatusError):
    """400: the request was rejected."""

    _CODE = "gemini.bad_request"


class AuthenticationError(HTTPStatusError):
    """401: the key is wrong, missing or disabled."""

    _CODE = "gemini.authentication"


class BillingError(HTTPStatusError):
    """The gateway refuses because of money or the key's own limits; never retried.

    Attributes:
        kind: "balance" (402, or new-api's 403 insufficient_user_quota / pre_consume_token_quota_failed),
            "key_quota" (401: the key's quota is used up) or "key_expired" (401: the key has expired).
    """

    _CODE = "gemini.billing"
    KINDS: ClassVar[frozenset[str]] = frozenset({"balance", "key_quota", "key_expired"})

    def __init__(self, detail: str = "", *, kind: str = "balance", **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.kind = kind if kind in self.KINDS else "balance"

    @property
    def retryable(self) -> bool:
        """Money and expiry do not change by retrying."""
        return False

    @property
    def code(self) -> str:
        """``gemini.billing.<kind>``: balance, key_quota or key_expired."""
        return f"{self._CODE}.{self.kind}"


class ModelAccessError(HTTPStatusError):
    """403, or 503 model_not_found: the key's group may not use this model.

    Attributes:
        kind: "model_limit" (the key is limited to other models), "no_channel" (no channel serves the model
            in the key's group) or "" (any other refusal).
    """

    _CODE = "gemini.model_access"
    _KINDS: ClassVar[frozenset[str]] = frozenset({"model_limit", "no_channel"})

    def __init__(self, detail: str = "", *, kind: str = "", **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.kind = kind if kind in self._KINDS else ""

    @property
    def retryable(self) -> bool:
        """A permission does not appear by retrying, even when it arrives as a 503."""
        return False

    @property
    def code(self) -> str:
        """``gemini.model_access``, or ``gemini.model_access.<kind>`` for a known kind."""
        return f"{self._CODE}.{self.kind}" if self.kind else self._CODE


class EndpointUnsupportedError(HTTPStatusError):
    """new-api's convert_request_failed: the model's channel (Claude, AWS ...) cannot take Gemini requests."""

    _CODE = "gemini.endpoint_unsupported"

    @property
    def retryable(self) -> bool:
        """new-api itself never retries it: the same channel fails the same way."""
        return False


class NotFoundError(HTTPStatusError):
    """404: unknown model or wrong path."""

    _CODE = "gemini.not_found"


class RequestTooLargeError(HTTPStatusError):
    """413: the request body is too large for the gateway."""

    _CODE = "gemini.request_too_large"


# An empty 429 (new-api's global limiter, or a proxy) names no wait: back off this long, then three times as
# long.
SILENT_RATE_LIMIT_BACKOFF = 5.0
SILENT_RATE_LIMIT_RETRIES = 2


class RateLimitError(HTTPStatusError):
    """429: too many requests or quota exhausted.

    new-api's model rate limit counts requests in a window of N minutes ("at most M requests in N minutes"),
    failed ones included, and sends no Retry-After: a quick retry can only fail and use the window up.
    Such an error is not retried; it says when the window will have passed (at the latest).

    Attributes:
        per_day: The daily quota is used up: retrying today is pointless.
        window: new-api's window as (minutes, requests), when the message names one.
        retry_at: For a window, the wall-clock time (`time.time()`) after which it has surely passed.
        silent: The 429 came with no body at all: retries wait longer (`backoff_floor`, `retry_limit`).
    """

    _CODE = "gemini.rate_limit"

    def __init__(
        self,
        detail: str = "",
        *,
        per_day: bool = False,
        window: tuple[int, int] | None = None,
        silent: bool = False,
        now: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(detail, **kwargs)
        self.per_day = per_day
        self.window = window
        self.silent = silent and window is None and not per_day
        start = time.time() if now is None else now
        self.retry_at = start + window[0] * 60.0 if window is not None else None

    @property
    def retryable(self) -> bool:
        """A short limit passes; a per-day quota does not, and a window of minutes is not waited out."""
        return not self.per_day and self.window is None

    @property
    def backoff_floor(self) -> float | None:
        """The shortest wait before a retry of a silent 429 (the retry policy reads it)."""
        return SILENT_RATE_LIMIT_BACKOFF if self.silent else None

    @property
    def retry_limit(self) -> int | None:
        """At most this many retries of a silent 429 (the retry policy reads it)."""
        return SILENT_RATE_LIMIT_RETRIES if self.silent else None

    @property
    def code(self) -> str:
        """``gemini.rate_limit``, or ``.per_day``, ``.window`` (new-api) or ``.silent`` (an empty 429)."""
        if self.per_day:
            return f"{self._CODE}.per_day"
        if self.window is not None:
            return f"{self._CODE}.window"
        return f"{self._CODE}.silent" if self.silent else self._CODE

    def _params(self) -> dict[str, Param]:
        if self.window is None or self.retry_at is None:
            return {}
        minutes, requests = self.window
        return {
            "minutes": str(minutes),
            "requests": str(requests),
            "time": time.strftime("%H:%M", time.localtime(self.retry_at + 59)),
        }

    def hint(self) -> Param:
        """What the user can do about it, with the wait the gateway asked for."""
        hint = super().hint()
        # A wait of more than a day is no figure to show (a gateway sent 10^23 s): the hint stands alone.
        wait = self.retry_after
        if wait is not None and wait <= _LONGEST_WAIT_SHOWN and not self.per_day and self.window is None:
            return Joined([hint, Text("gemini.rate_limit.wait", wait=format_seconds(wait))])
        return hint


class ServerError(HTTPStatusError):
    """5xx: the gateway or the upstream failed."""

    _CODE = "gemini.server"

    @property
    def code(self) -> str:
        """``gemini.server``, or ``gemini.server.page`` when the answer was an HTML error page."""
        return f"{self._CODE}.page" if self.page_title is not None else self._CODE
