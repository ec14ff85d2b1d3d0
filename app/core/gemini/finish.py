"""Plain-language notices for how a reply ended, as codes and parameters (texts in `app.core.texts`).

Gemini reports the end of an answer as a `finishReason` code on the candidate, and a refused prompt as
`promptFeedback.blockReason`. Users should see what happened and what to do, not the code. A normal end (STOP)
needs no notice; a stream that ended without any reason was cut off.

A notice's texts are `finish.<reason>.title`/`.detail` (`block.<reason>` for a refused prompt), reasons in
lower case; a reason without texts of its own gets `finish.unknown` or `block.unknown`, which name it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.core.gemini.events import Snapshot
from app.core.texts import Joined, Param, Text

Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Notice:
    """What the UI shows under a reply that did not end normally.

    Attributes:
        severity: "info", "warning" or "error".
        title: A short headline.
        detail: What happened and what to do.
    """

    severity: Severity
    title: Text
    detail: Text

    def line(self) -> Text:
        """The title and the detail on one line, punctuated as the language does it."""
        return Text("notice.line", title=self.title, detail=self.detail)


# The severity of each finish reason that has texts of its own (`finish.<reason>`).
_FINISH: Mapping[str, Severity] = {
    "MAX_TOKENS": "warning",
    "SAFETY": "warning",
    "RECITATION": "warning",
    "LANGUAGE": "warning",
    "OTHER": "error",
    "BLOCKLIST": "warning",
    "PROHIBITED_CONTENT": "warning",
    "SPII": "warning",
    "MALFORMED_FUNCTION_CALL": "error",
    "IMAGE_SAFETY": "warning",
    "IMAGE_PROHIBITED_CONTENT": "warning",
    "IMAGE_OTHER": "error",
    "NO_IMAGE": "warning",
    "IMAGE_RECITATION": "warning",
    "UNEXPECTED_TOOL_CALL": "error",
    "TOO_MANY_TOOL_CALLS": "error",
}

# Block reasons with texts of their own (`block.<reason>`).
_BLOCK = frozenset({"SAFETY", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "IMAGE_SAFETY"})

# Harm categories with a readable name (`harm.<category without HARM_CATEGORY_>`).
_CATEGORIES = frozenset(
    {
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_CIVIC_INTEGRITY",
        "HARM_CATEGORY_IMAGE_HATE",
        "HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT",
        "HARM_CATEGORY_IMAGE_HARASSMENT",
        "HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT",
        "HARM_CATEGORY_JAILBREAK",
    }
)


def flagged_categories(ratings: Iterable[Mapping[str, Any]]) -> list[Param]:
    """Return readable names of the harm categories that were blocked or rated HIGH, without duplicates."""
    names: list[Param] = []
    for rating in ratings:
        if not isinstance(rating, Mapping):
            continue
        flagged = (
            rating.get("blocked") is True
            or rating.get("probability") == "HIGH"
            or rating.get("severity") == "HARM_SEVERITY_HIGH"
        )
        category = rating.get("category")
        if not flagged or not isinstance(category, str):
            continue
        short = category.removeprefix("HARM_CATEGORY_")
        # A category this app does not know yet is named by its code, readably.
        name: Param = short.replace("_", " ").lower()
        if category in _CATEGORIES:
            name = Text(f"harm.{short.lower()}")
        if name not in names:
            names.append(name)
    return names


def _categories_clause(ratings: Iterable[Mapping[str, Any]]) -> Param:
    names = flagged_categories(ratings)
    if not names:
        return ""
    return Text("finish.categories", names=Joined(names, Text("list.separator")))


def _notice(
    severity: Severity,
    code: str,
    *,
    reason: str = "",
    categories: Param = "",
    message: str | None = None,
) -> Notice:
    detail = Text(f"{code}.detail", reason=reason, categories=categories)
    if message:
        detail = Text("finish.service_said", detail=detail, message=message)
    return Notice(severity, Text(f"{code}.title", reason=reason), detail)


def describe_interrupted() -> Notice:
    """Return the notice for a stream that ended without a finish reason."""
    return _notice("error", "finish.interrupted")


def describe_block(
    reason: str, ratings: Iterable[Mapping[str, Any]] = (), message: str | None = None
) -> Notice:
    """Describe a refused prompt (`promptFeedback.blockReason`).

    Args:
        reason: The block reason code.
        ratings: `promptFeedback.safetyRatings`, used to name the flagged categories for SAFETY.
        message: `promptFeedback.blockReasonMessage`, appended when present.
    """
    code = f"block.{reason.lower()}" if reason in _BLOCK else "block.unknown"
    categories = _categories_clause(ratings) if reason == "SAFETY" else ""
    return _notice("error", code, reason=reason, categories=categories, message=message)


def describe_finish(snapshot: Snapshot) -> Notice | None:
    """Describe how a finished stream ended, or return None for a normal answer.

    Call this once the stream has ended: a snapshot with neither a finish reason nor a block reason is
    reported as interrupted.

    Args:
        snapshot: The reply as it stood when the stream ended.
    """
    if snapshot.block_reason is not None:
        feedback = snapshot.prompt_feedback or {}
        ratings = feedback.get("safetyRatings")
        message = feedback.get("blockReasonMessage")
        return describe_block(
            snapshot.block_reason,
            [r for r in ratings if isinstance(r, Mapping)] if isinstance(ratings, list) else [],
            message if isinstance(message, str) else None,
        )
    reason = snapshot.finish_reason
    if reason is None:
        return describe_interrupted()
    message = snapshot.finish_message
    if reason == "STOP":
        # A final empty text part that only carries a signature is not an answer; a function call or image is.
        has_answer = bool(snapshot.text.strip()) or any(
            "text" not in p and p.get("thought") is not True for p in snapshot.parts
        )
        return None if has_answer else _notice("info", "finish.empty", message=message)
    if reason == "MAX_TOKENS":
        usage = snapshot.usage
        if usage is not None and usage.thoughts_tokens > 0 and not snapshot.text.strip():
            return _notice("warning", "finish.thinking_budget", message=message)
    severity = _FINISH.get(reason)
    if severity is None:
        return _notice("error", "finish.unknown", reason=reason, message=message)
    categories = _categories_clause(snapshot.safety_ratings)
    return _notice(severity, f"finish.{reason.lower()}", categories=categories, message=message)
