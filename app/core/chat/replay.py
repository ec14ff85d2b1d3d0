"""Rebuild what a stored reply looked like when it ended, for display after a restart."""

from __future__ import annotations

from typing import Any

from app.core.gemini.events import GroundingInfo, Snapshot, Usage
from app.core.store.records import Message


def _text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return value if isinstance(value, str) else None


def snapshot_of(message: Message) -> Snapshot:
    """A :class:`Snapshot` equivalent to the stream that produced ``message`` (a model reply)."""
    meta = message.meta
    usage = meta.get("usage")
    grounding = meta.get("grounding")
    ratings = meta.get("safety_ratings")
    feedback = meta.get("prompt_feedback")
    return Snapshot(
        parts=list(message.parts),
        usage=Usage.from_metadata(usage) if isinstance(usage, dict) else None,
        finish_reason=_text(meta, "finish_reason"),
        finish_message=_text(meta, "finish_message"),
        safety_ratings=tuple(r for r in ratings if isinstance(r, dict)) if isinstance(ratings, list) else (),
        grounding=GroundingInfo.from_metadata(grounding) if isinstance(grounding, dict) else None,
        prompt_feedback=feedback if isinstance(feedback, dict) else None,
        block_reason=_text(meta, "block_reason"),
        model_version=_text(meta, "model_version"),
        response_id=_text(meta, "response_id"),
    )
