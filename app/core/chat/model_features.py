"""What a model can do, for the model picker: token limits and thinking, vision and image-output badges.

The gateway's list says what it knows (Google's ``/v1beta/models`` gives the token limits and a ``thinking``
flag; some gateways list input and output modalities); the model family fills in the rest: Gemini chat
models read images, 2.5 and later think, and "image" models draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.chat.generation import model_traits
from app.core.gemini.models_list import ModelInfo
from app.core.json_values import as_count

# Families whose chat models read images.
_VISION_FAMILIES = ("gemini-", "gemma-3")


@dataclass(frozen=True, slots=True)
class ModelFeatures:
    """What the picker shows about a model beside its name.

    Attributes:
        input_limit: The most tokens a request may hold (0 when unknown).
        output_limit: The most tokens an answer may hold (0 when unknown).
        thinking: It thinks before answering (thought summaries, a thinking budget or level).
        vision: It reads images.
        image_output: It can answer with images.
    """

    input_limit: int = 0
    output_limit: int = 0
    thinking: bool = False
    vision: bool = False
    image_output: bool = False


def model_features(model: ModelInfo) -> ModelFeatures:
    """What the list entry of ``model``, or else its family, tells about it."""
    raw: Mapping[str, Any] = model.raw
    name = model.id.lower()
    traits = model_traits(name)
    gemini_chat = name.startswith("gemini-") and model.is_chat
    inputs = _modalities(raw, "input_modalities", "inputModalities")
    outputs = _modalities(raw, "output_modalities", "outputModalities")
    return ModelFeatures(
        input_limit=as_count(raw.get("inputTokenLimit")),
        output_limit=as_count(raw.get("outputTokenLimit")),
        thinking=raw.get("thinking") is True or (gemini_chat and traits.supports_thinking),
        vision="image" in inputs or (model.is_chat and name.startswith(_VISION_FAMILIES)),
        image_output="image" in outputs or (gemini_chat and traits.is_image),
    )


def _modalities(raw: Mapping[str, Any], *keys: str) -> set[str]:
    for key in keys:
        value = raw.get(key)
        if isinstance(value, list):
            return {str(item).lower() for item in value}
    return set()
