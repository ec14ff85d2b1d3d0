"""Choosing the error class for an answer that cannot be used: an HTTP error, a foreign body, an error object.

`error_from_response` reads an HTTP answer's status and body (any envelope, an HTML page, plain text);
`error_from_stream_object` an error object that arrived inside a stream. Reading the bodies is the job of
`error_parsing`; the classes are in `errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from app.core.gemini.error_parsing import ParsedError, parse_error_body, parse_error_object
from app.core.gemini.errors import (
    EmptyResponseError,
    GeminiError,
    ResponseFormatError,
    StreamError,
    WrongContentTypeError,
    has_partial_answer,
)
from app.core.gemini.retry import parse_retry_delay
from app.core.gemini.status_errors import (
    AuthenticationError,
    BadRequestError,
    BillingError,
    EndpointUnsupportedError,
    HTTPStatusError,
    ModelAccessError,
    NotFoundError,
    RateLimitError,
    RedirectError,
    RequestTooLargeError,
    ServerError,
)

if TYPE_CHECKING:
    from app.core.gemini.events import Snapshot

__all__ = ["error_from_response", "error_from_stream_object"]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

_STATUS_CLASSES: Mapping[int, type[HTTPStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ModelAccessError,
    404: NotFoundError,
    413: RequestTooLargeError,
    429: RateLimitError,
}


def _status_class(status: int, parsed: ParsedError) -> type[HTTPStatusError]:
    kind = parsed.gateway_kind
    if kind == "convert_failed":
        return EndpointUnsupportedError
    if status == 402 or (status in (401, 403) and kind in BillingError.KINDS):
        return BillingError
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    if status >= 500:
        # new-api answers 503 model_not_found when the model is not in the key's group: a permission problem.
        if status == 503 and parsed.model_not_in_group:
            return ModelAccessError
        return ServerError
    return HTTPStatusError


def error_from_response(
    status: int,
    body: bytes,
    content_type: str | None,
    *,
    retry_after_header: str | None = None,
    location: str | None = None,
    suggested_base_url: str | None = None,
    redact: Iterable[str] = (),
) -> GeminiError:
    """Build the error for an HTTP answer that cannot be used as a reply.

    Args:
        status: The HTTP status. A 2xx status means the body itself was the problem (an HTML page, nothing at
            all, or an error envelope).
        body: The response body (the caller bounds its size).
        content_type: The Content-Type header, if any.
        retry_after_header: A `Retry-After` header (seconds), used when the body names no delay.
        location: A redirect's absolute target URL.
        suggested_base_url: The base URL that reaches the API at a redirect's target (see `RedirectError`).
        redact: Secrets (the API key) to blank out of every stored text.

    Returns:
        The most specific `GeminiError` subclass, carrying the gateway's message, request id, page title,
        retry delay and per-day flag where the body had them.
    """
    parsed = parse_error_body(body, content_type)
    if 200 <= status < 300:
        if "html" in (content_type or "").lower() or parsed.is_page:
            return WrongContentTypeError(
                f"HTTP {status} with Content-Type {content_type}", page_title=parsed.page_title, redact=redact
            )
        if not body.strip():
            return EmptyResponseError(f"HTTP {status} with an empty body", redact=redact)
        # An error envelope with a 2xx status: classify by the code it names, when that is an HTTP status.
        code = parsed.numeric_code
        if code is not None and 400 <= code <= 599:
            status = code
        else:
            return ResponseFormatError(
                f"HTTP {status}: not a Gemini response",
                gateway_message=parsed.message,
                request_id=parsed.request_id,
                redact=redact,
            )
    retry_after = parsed.retry_after
    if retry_after is None and retry_after_header is not None:
        retry_after = parse_retry_delay(retry_after_header)
    cls = _status_class(status, parsed)
    detail = f"HTTP {status}" + (f": {parsed.message}" if parsed.message else "")
    common: dict[str, Any] = {
        "status": status,
        "gateway_message": parsed.message,
        "request_id": parsed.request_id,
        "page_title": parsed.page_title,
        "error_code": parsed.error_code,
        "retry_after": retry_after,
        "redact": redact,
    }
    if cls is RateLimitError:
        silent = not body.strip()
        window = parsed.rate_window
        return RateLimitError(detail, per_day=parsed.per_day, window=window, silent=silent, **common)
    if cls is BillingError:
        kind = parsed.gateway_kind if parsed.gateway_kind in BillingError.KINDS else "balance"
        return BillingError(detail, kind=kind, **common)
    if cls is ModelAccessError:
        return ModelAccessError(detail, kind=parsed.gateway_kind, **common)
    if status in _REDIRECT_STATUSES:
        return RedirectError(
            detail + (f" to {location}" if location else ""),
            location=location,
            suggested_base_url=suggested_base_url,
            **common,
        )
    return cls(detail, **common)


def error_from_stream_object(
    obj: Mapping[str, Any], partial: Snapshot | None, *, redact: Iterable[str] = ()
) -> GeminiError:
    """Build the error for an error object (in any envelope) that arrived inside a stream.

    Args:
        obj: The decoded object: Google's or new-api's envelope, or a gateway's own ``{"code", "message"}``
            or ``{"success": false, "message"}``.
        partial: What had arrived before it; kept so that the user loses nothing.
        redact: Secrets (the API key) to blank out of every stored text.

    Returns:
        A `StreamError`; or, when nothing of the answer came before it and it names an HTTP status as its
        code, the error that status would give (a 401 code is a rejected key, whatever framed it).
    """
    parsed = parse_error_object(obj)
    code = parsed.error_code or (str(parsed.numeric_code) if parsed.numeric_code is not None else None)
    number = parsed.numeric_code
    if not has_partial_answer(partial) and number is not None and 400 <= number <= 599:
        cls = _status_class(number, parsed)
        common: dict[str, Any] = {
            "status": number,
            "gateway_message": parsed.message,
            "request_id": parsed.request_id,
            "error_code": parsed.error_code,
            "retry_after": parsed.retry_after,
            "partial": partial,
            "redact": redact,
        }
        detail = f"error object {number} in the stream" + (f": {parsed.message}" if parsed.message else "")
        if cls is RateLimitError:
            return RateLimitError(detail, per_day=parsed.per_day, **common)
        return cls(detail, **common)
    detail = "error object in the stream" + (f": {parsed.message}" if parsed.message else "")
    return StreamError(
        detail,
        gateway_message=parsed.message,
        request_id=parsed.request_id,
        error_code=code,
        partial=partial,
        redact=redact,
    )
