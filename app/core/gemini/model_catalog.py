"""Which models can answer on a gateway's Gemini endpoint, and how.

A new-api gateway lists every model the key may use, whatever the vendor: GPT, Claude, Gemini and image
models side by side. Since mid-2025 each entry of its `GET /v1/models` carries `supported_endpoint_types`,
derived from the type of the channels that serve the model: `["gemini", "openai"]` for Gemini and Vertex
channels, `["anthropic", "openai"]` for Anthropic and AWS channels, `["openai"]` for most others, with
`"image-generation"` in front for image models. What that means for a request to
`/v1beta/models/{model}:streamGenerateContent`:

- a Gemini channel answers **natively**;
- an OpenAI-type channel answers **through conversion**: new-api turns the Gemini request into a chat
  completion and keeps only function declarations of the tools, so Google Search, code execution and URL
  context are dropped silently;
- an Anthropic, AWS or similar channel cannot answer: new-api fails with HTTP 500 `convert_request_failed`
  ("not implemented") and never retries it.

When the field is absent (older new-api, one-api, gogogotoken's documented answer) the model's name decides:
the Gemini, Gemma and LearnLM chat families answer natively; anything else is not known to answer here.
Google's own list (`supportedGenerationMethods`) is native for every model that can generate content.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal, TypeAlias

Reach: TypeAlias = Literal["native", "converted", "unavailable"]
"""How a model answers on the Gemini endpoint."""

NATIVE: Final = "native"
CONVERTED: Final = "converted"
UNAVAILABLE: Final = "unavailable"

# Reasons a model cannot answer on the Gemini endpoint (`ModelInfo.reach_reason`); the UI words them.
REASON_ANTHROPIC: Final = "anthropic"  # served by an Anthropic/AWS-type channel: convert_request_failed
REASON_IMAGE: Final = "image"  # an image generator (Imagen, gpt-image, DALL-E): no chat
REASON_NOT_CHAT: Final = "not_chat"  # embeddings, video, speech, live audio, rerank ...
REASON_NOT_GEMINI: Final = "not_gemini"  # the list does not say which endpoint serves it; not a Gemini name

_GEMINI = "gemini"
_OPENAI = "openai"
_ANTHROPIC = "anthropic"
_IMAGE = "image-generation"
_REACH_ORDER: Final = {NATIVE: 0, CONVERTED: 1, UNAVAILABLE: 2}
# Name fragments of Google models that do not answer generateContent with text: embeddings, Imagen, Veo,
# attributed question answering, speech-only, and Live API (bidirectional audio) models.
GOOGLE_NON_CHAT_FRAGMENTS: Final = (
    "embedding",
    "imagen",
    "veo",
    "aqa",
    "tts",
    "native-audio",
    "live",
    "lyria",
)
# Names of OpenAI-served models that do not chat, so that conversion cannot help either.
_NOT_CHAT_NAMES: Final = (
    "embedding",
    "tts",
    "whisper",
    "dall-e",
    "moderation",
    "rerank",
    "sora",
    "transcribe",
)


def reach_order(reach: str) -> int:
    """Sort position of a reach: native models first, then converted ones, then the unavailable."""
    return _REACH_ORDER.get(reach, len(_REACH_ORDER))


def endpoint_types(value: object) -> tuple[str, ...] | None:
    """Read `supported_endpoint_types` from a model entry; None when the gateway sent no such list."""
    if not isinstance(value, list):
        return None
    return tuple(item.strip().lower() for item in value if isinstance(item, str) and item.strip())


def classify(model_id: str, types: Sequence[str] | None, is_chat: bool) -> tuple[Reach, str]:
    """Decide how `model_id` answers on the Gemini endpoint.

    Args:
        model_id: The model's id, without a `models/` prefix.
        types: The entry's `supported_endpoint_types`, or None when the gateway did not send the field.
        is_chat: The name rule's (or Google's `supportedGenerationMethods`') verdict on chatting.

    Returns:
        The reach and, for unavailable models, the reason code ("" otherwise).
    """
    if types is None:
        if is_chat:
            return NATIVE, ""
        family = model_id.lower().startswith(("gemini", "gemma", "learnlm", "imagen", "veo"))
        return UNAVAILABLE, REASON_NOT_CHAT if family else REASON_NOT_GEMINI
    if _GEMINI in types:
        # A Gemini channel serves it, whatever its name (a gateway may alias models); only embeddings, Imagen,
        # Veo and Live models, which Gemini channels list as well, cannot chat.
        name = model_id.lower()
        if any(fragment in name for fragment in GOOGLE_NON_CHAT_FRAGMENTS):
            return UNAVAILABLE, REASON_NOT_CHAT
        return NATIVE, ""
    if _ANTHROPIC in types:
        return UNAVAILABLE, REASON_ANTHROPIC
    if _IMAGE in types:
        return UNAVAILABLE, REASON_IMAGE
    if _OPENAI in types:
        if any(fragment in model_id.lower() for fragment in _NOT_CHAT_NAMES):
            return UNAVAILABLE, REASON_NOT_CHAT
        return CONVERTED, ""
    return UNAVAILABLE, REASON_NOT_CHAT
