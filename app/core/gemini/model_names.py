"""A readable name for every model: the gateway's display name, else one derived from a known id pattern.

new-api, the default gateway's software, lists models without display names: its OpenAI-style
``GET /v1/models`` has only ``id``, ``owned_by`` and ``supported_endpoint_types``, and its Gemini-style
``GET /v1beta/models`` repeats the id as ``displayName`` (PROTOCOL-NOTES §5, docs/GATEWAYS.md). Google's own
list has real names. So a display name that is missing, or only the id again, is replaced by one derived from
the id when the id follows Google's naming ("gemini-2.5-flash-lite" -> "Gemini 2.5 Flash-Lite"); any other id
is its own name. The id itself stays what requests use, and what tooltips show beside the name.
"""

from __future__ import annotations

import re

from app.core.visible_text import visible_line

__all__ = ["display_name", "friendly_model_name"]

# Families whose ids follow Google's pattern: family, version, variant words, then a date or a revision.
_FAMILIES = {
    "gemini": "Gemini",
    "gemma": "Gemma",
    "learnlm": "LearnLM",
    "imagen": "Imagen",
    "veo": "Veo",
    "lyria": "Lyria",
}
# Words whose spelling is not just a capital letter first.
_WORDS = {
    "exp": "Experimental",
    "tts": "TTS",
    "er": "ER",
    "it": "IT",
    "ai": "AI",
}
_VERSION = re.compile(r"\d+(?:\.\d+)*n?")
_DIGITS = re.compile(r"\d+")
_SIZE = re.compile(r"e?\d+(?:\.\d+)?[bm]")  # Gemma sizes: 27b, 2b, e4b
_WORD = re.compile(r"[a-z]+")


def friendly_model_name(model_id: str) -> str:
    """A readable name for ``model_id`` when it follows Google's naming, else ``model_id`` itself.

    ``gemini-2.5-flash`` -> ``Gemini 2.5 Flash``, ``gemini-2.5-flash-lite`` -> ``Gemini 2.5 Flash-Lite``,
    ``gemini-2.5-pro-preview-06-05`` -> ``Gemini 2.5 Pro Preview 06-05``,
    ``gemma-3-27b-it`` -> ``Gemma 3 27B``.
    A gateway's prefix (``models/``, ``google/``) is left out of the name.
    """
    tail = model_id.strip().rpartition("/")[2]
    family, _, rest = tail.lower().partition("-")
    if family not in _FAMILIES or not rest:
        return model_id.strip()
    tokens = rest.split("-")
    if family == "gemma" and tokens[-1] == "it":
        tokens.pop()  # instruction-tuned: what every Gemma chat model is; Google's own names leave it out
    words: list[str] = [_FAMILIES[family]]
    previous = ""
    for token in tokens:
        if not token:
            continue
        if _DIGITS.fullmatch(token) and _DIGITS.fullmatch(previous) and len(words) > 2:
            words[-1] += f"-{token}"  # a date: 06-05, 09-2025
        elif token == "lite" and previous == "flash":
            words[-1] += "-Lite"
        elif _VERSION.fullmatch(token) or _DIGITS.fullmatch(token):
            words.append(token)
        elif _SIZE.fullmatch(token):
            words.append(token.upper())
        elif _WORD.fullmatch(token):
            words.append(_WORDS.get(token, token.capitalize()))
        else:
            words.append(token)
        previous = token
    return " ".join(words)


def display_name(model_id: str, given: object = None) -> str:
    """The name to show for ``model_id``: ``given`` (the gateway's) unless it is empty or only the id again.

    Shown on one line with nothing hidden (``visible_line``): both come from the gateway.

    Args:
        model_id: The model's id, without a ``models/`` prefix.
        given: The gateway's ``displayName`` / ``display_name`` field, whatever its type.
    """
    name = given.strip() if isinstance(given, str) else ""
    if name and name.removeprefix("models/").lower() != model_id.strip().lower():
        return visible_line(name)
    return visible_line(friendly_model_name(model_id))
