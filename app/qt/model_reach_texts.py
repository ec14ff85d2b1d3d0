"""What the app says about how a model answers on the gateway's Gemini endpoint (`core.gemini.model_catalog`).

One home for these words: the model picker and the conversation settings both use them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.gemini import model_catalog
from app.core.gemini.models_list import ModelInfo


def converted_note() -> str:
    """Why a converted model lacks the Gemini tools."""
    return QCoreApplication.translate(
        "ModelReach",
        "Answers through the gateway's conversion to another vendor's API: Google Search, code execution and "
        "URL context are not available.",
    )


def unavailable_reason(model: ModelInfo) -> str:
    """Why a model cannot answer on this gateway's Gemini endpoint, in one sentence."""
    reason = model.reach_reason
    if reason == model_catalog.REASON_ANTHROPIC:
        return QCoreApplication.translate(
            "ModelReach",
            "A Claude-type channel serves it: the gateway cannot convert Gemini requests for it.",
        )
    if reason == model_catalog.REASON_IMAGE:
        return QCoreApplication.translate("ModelReach", "An image generator, not a chat model.")
    if reason == model_catalog.REASON_NOT_GEMINI:
        return QCoreApplication.translate(
            "ModelReach",
            "Not a Gemini model, and the gateway does not say whether its Gemini endpoint serves it.",
        )
    return QCoreApplication.translate(
        "ModelReach", "Not a chat model (embeddings, video, speech or live audio)."
    )


def reach_note(model: ModelInfo) -> str:
    """The note shown for a model: "" for a native one, else what conversion costs or why it cannot answer."""
    if model.reach == model_catalog.CONVERTED:
        return converted_note()
    if model.reach == model_catalog.UNAVAILABLE:
        return unavailable_reason(model)
    return ""


def group_title(reach: str) -> str:
    """The heading of the converted or the unavailable models in the picker (native ones need none)."""
    if reach == model_catalog.CONVERTED:
        return QCoreApplication.translate(
            "ModelReach", "Through conversion (no Google Search, code execution or URL context)"
        )
    return QCoreApplication.translate("ModelReach", "Cannot answer on this gateway's Gemini endpoint")
