"""Tool results as Gemini ``functionResponse`` parts.

A result goes back with the call's ``name`` and ``id`` (Gemini 3 pairs parallel calls by id). Text and
structured content go in ``response`` (``{"output": ...}``, or ``{"error": ...}`` for a failure, so the model
can react); images go in the function response's own ``parts`` where the model accepts multimodal function
responses (Gemini 3), and are otherwise replaced by a note saying so. What is sent is capped at a
configurable number of characters, with a note saying it was cut.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "DEFAULT_RESULT_LIMIT",
    "CallOutcome",
    "ToolResult",
    "accepts_multimodal_responses",
    "bounded_function_response",
    "function_response_part",
]

DEFAULT_RESULT_LIMIT = 32_000
"""Characters of a result sent to the model by default (about 8 k tokens)."""

_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"})

Outcome = Literal["ok", "tool_error", "denied", "timeout", "failed", "cancelled", "unknown_tool"]


@dataclass(frozen=True)
class ToolResult:
    """What a tool returned, as plain data (no SDK types).

    Attributes:
        content: The result's content blocks as JSON (``{"type": "text", "text": ...}``, ``{"type": "image",
            "data": ..., "mimeType": ...}``, ...).
        structured: Its ``structuredContent``, if any.
        is_error: The tool reported a failure (``isError``).
    """

    content: Sequence[Mapping[str, Any]] = ()
    structured: Any = None
    is_error: bool = False

    def text(self) -> str:
        """The text blocks joined by blank lines."""
        return "\n\n".join(str(b.get("text", "")) for b in self.content if b.get("type") == "text")

    def images(self) -> list[Mapping[str, Any]]:
        """The image blocks."""
        return [b for b in self.content if b.get("type") == "image" and isinstance(b.get("data"), str)]


@dataclass(frozen=True)
class CallOutcome:
    """How one function call ended.

    Attributes:
        outcome: ``ok``; ``tool_error`` (the tool said it failed); ``denied`` (by the user); ``timeout``;
            ``failed`` (the server crashed or could not be reached); ``cancelled`` (Stop); ``unknown_tool``.
        result: The tool's result, for ``ok`` and ``tool_error``.
        detail: What went wrong, in the server's or the app's words (English: it goes to the model).
    """

    outcome: Outcome
    result: ToolResult | None = None
    detail: str = ""


def accepts_multimodal_responses(model: str) -> bool:
    """Whether ``model`` takes images inside a ``functionResponse`` (Gemini 3 and later)."""
    match = re.search(r"gemini-(\d+)", model.lower())
    return match is not None and int(match.group(1)) >= 3


def _cap(value: Any, limit: int) -> tuple[Any, str]:
    """``value`` within ``limit`` characters of JSON, and a note when it had to be cut."""
    encoded = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(encoded) <= limit:
        return value, ""
    note = f"Result cut to {limit} of {len(encoded)} characters by the client."
    return encoded[:limit], note


_ERRORS: dict[str, str] = {
    "denied": "The user denied this function call.",
    "timeout": "The tool did not answer in time; the call was abandoned.",
    "cancelled": "The user stopped this function call.",
    "unknown_tool": "No tool of this name is available.",
    "failed": "The tool's server failed.",
}


def function_response_part(
    call: Mapping[str, Any], outcome: CallOutcome, *, model: str, limit: int = DEFAULT_RESULT_LIMIT
) -> dict[str, Any]:
    """The ``functionResponse`` part answering ``call`` (a ``functionCall`` object: name, args, maybe id).

    Args:
        call: The model's ``functionCall``.
        outcome: How the call ended.
        model: The model that will read the response (decides whether images go inside it).
        limit: The most characters of result text or JSON to send.
    """
    response: dict[str, Any]
    media: list[dict[str, Any]] = []
    notes: list[str] = []
    result = outcome.result
    budget = limit * 8  # characters of base64 image data sent with one result
    if outcome.outcome in ("ok", "tool_error") and result is not None:
        if result.structured is not None:
            body, note = _cap(result.structured, limit)
        else:
            body, note = _cap(result.text(), limit)
        if note:
            notes.append(note)
        response = {"error" if result.is_error or outcome.outcome == "tool_error" else "output": body}
        for image in result.images():
            mime = str(image.get("mimeType") or image.get("mime_type") or "")
            if not accepts_multimodal_responses(model):
                notes.append(
                    f"An image ({mime}) was left out: "
                    "this model does not accept images in function responses."
                )
            elif mime not in _IMAGE_TYPES:
                notes.append(f"An image of type {mime} was left out: the model does not accept that type.")
            elif len(image["data"]) > budget:
                notes.append(f"An image ({mime}) was left out: the result's images exceed the result limit.")
            else:
                budget -= len(image["data"])  # in all, not each: a thousand small images add up
                media.append({"inlineData": {"mimeType": mime, "data": image["data"]}})
    else:
        message = _ERRORS.get(outcome.outcome, _ERRORS["failed"])
        response = {"error": f"{message} {outcome.detail}".strip()}
    if notes:
        response["note"] = " ".join(notes)
    function_response: dict[str, Any] = {"name": call.get("name", ""), "response": response}
    if isinstance(call.get("id"), str):
        function_response["id"] = call["id"]
    if media:
        function_response["parts"] = media
    return {"functionResponse": function_response}


def bounded_function_response(
    response: Mapping[str, Any], media: Sequence[Mapping[str, Any]], limit: int = DEFAULT_RESULT_LIMIT
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A function response from elsewhere (an imported file) held to what this client would send itself.

    A file could hide megabytes behind a result the transcript shows as a short preview, or carry media of
    any type, all of it sent with every later request of the conversation.

    Args:
        response: The ``functionResponse``'s ``response`` object.
        media: Its ``parts`` (``inlineData`` images).
        limit: The most characters of result JSON (and eight times that of image data, in all).

    Returns:
        The response (cut to ``limit`` characters of JSON, with a note, when longer) and the images kept.
    """
    body, note = _cap(dict(response), limit)
    bounded: dict[str, Any] = dict(body) if isinstance(body, dict) else {"output": body, "note": note}
    images: list[dict[str, Any]] = []
    budget = limit * 8
    for part in media:
        inline = part.get("inlineData")
        if not isinstance(inline, Mapping):
            continue
        mime, data = inline.get("mimeType"), inline.get("data")
        if mime in _IMAGE_TYPES and isinstance(data, str) and len(data) <= budget:
            budget -= len(data)
            images.append({"inlineData": {"mimeType": mime, "data": data}})
    return bounded, images
