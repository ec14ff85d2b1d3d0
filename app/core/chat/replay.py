"""Rebuild what a stored reply looked like when it ended, for display after a restart."""

from __future__ import annotations

from app.core.gemini.events import GroundingInfo, Snapshot, Usage
from app.core.json_values import str_or_none
from app.core.store.records import Message


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
        finish_reason=str_or_none(meta.get("finish_reason")),
        finish_message=str_or_none(meta.get("finish_message")),
        safety_ratings=tuple(r for r in ratings if isinstance(r, dict)) if isinstance(ratings, list) else (),
        grounding=GroundingInfo.from_metadata(grounding) if isinstance(grounding, dict) else None,
        prompt_feedback=feedback if isinstance(feedback, dict) else None,
        block_reason=str_or_none(meta.get("block_reason")),
        model_version=str_or_none(meta.get("model_version")),
        response_id=str_or_none(meta.get("response_id")),
    )
