"""Error bodies in the two envelopes a gateway client meets (PROTOCOL-NOTES §4).

Strings may keep ``{model}`` and ``{request_id}`` placeholders: the server fills them per request.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.demo.scenario import JsonObject

REQUEST_ID_SUFFIX = " (request id: {request_id})"


def new_api_error(
    message: str, *, code: str | int = "", error_type: str = "new_api_error", with_request_id: bool = True
) -> JsonObject:
    """Build new-api's OpenAI-style envelope (Go field order: message, type, param, code)."""
    text = message + (REQUEST_ID_SUFFIX if with_request_id else "")
    return {"error": {"message": text, "type": error_type, "param": "", "code": code}}


def google_error(code: int, status: str, message: str, details: Sequence[JsonObject] = ()) -> JsonObject:
    """Build Google's ``google.rpc.Status`` envelope; ``details`` is left out when empty."""
    error: JsonObject = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = list(details)
    return {"error": error}


def quota_failure(quota_id: str, metric: str, limit: str) -> JsonObject:
    """Build a ``google.rpc.QuotaFailure`` detail for the request's model."""
    return {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [
            {
                "quotaMetric": metric,
                "quotaId": quota_id,
                "quotaDimensions": {"location": "global", "model": "{model}"},
                "quotaValue": limit,
            }
        ],
    }


def retry_info(delay: str) -> JsonObject:
    """Build a ``google.rpc.RetryInfo`` detail (the only place Google states the wait)."""
    return {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay}


def help_links() -> JsonObject:
    """Build the ``google.rpc.Help`` detail Google attaches to quota errors."""
    return {
        "@type": "type.googleapis.com/google.rpc.Help",
        "links": [
            {
                "description": "Learn more about Gemini API quotas",
                "url": "https://ai.google.dev/gemini-api/docs/rate-limits",
            }
        ],
    }
