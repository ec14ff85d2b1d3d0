"""Short conversation titles."""

from __future__ import annotations

import re
from typing import Any

from app.core.chat.generation import model_traits
from app.core.visible_text import strip_invisible, strip_markup

MAX_TITLE_CHARS = 40
_SPACE = re.compile(r"\s+")
# Models sometimes start the title with "Title:", in English or Chinese (\u6807\u9898). Words the core
# recognises in what it receives are written as escapes: Chinese in the core is for its catalogues only.
_TITLE_PREFIX = re.compile("^\\s*(title|\u6807\u9898)\\s*[:\uff1a]", re.IGNORECASE)
_QUOTES = "\"'“”‘’「」《》『』"


def fallback_title(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """A title from the first words of a prompt: one line, markup removed, cut at a word where possible.

    Bidi controls and zero-width characters are dropped: a title is read in the sidebar, the header and the
    window's title bar, where U+202E would make "evil" read as "live".
    """
    flat = _SPACE.sub(" ", strip_markup(strip_invisible(text), " ")).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    # Chinese and Japanese have no spaces: cut at the limit there rather than leave a tiny title.
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：") + "…"


def clean_title(answer: str, limit: int = MAX_TITLE_CHARS) -> str:
    """Tidy a model-written title: first line, no quotes or trailing punctuation."""
    line = answer.strip().splitlines()[0] if answer.strip() else ""
    line = _TITLE_PREFIX.sub("", strip_markup(line)).strip()
    # Quotes and a final full stop nest either way round: '"Title".' and '「Title。」'.
    previous = None
    while line != previous:
        previous = line
        line = line.strip().strip(_QUOTES).rstrip("。.!！")
    return fallback_title(line, limit)


TITLE_INSTRUCTION = (
    "Write a short title (at most 6 words, same language as the conversation) for this conversation. "
    "Reply with the title only."
)
TITLE_MAX_TOKENS = 32
"""Output budget for the title itself."""
THINKING_HEADROOM_TOKENS = 1024
"""Extra output budget where thinking cannot be turned off: thoughts count against ``maxOutputTokens``."""
USER_TEXT_CHARS = 1000
ANSWER_TEXT_CHARS = 500


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def title_request(user_text: str, answer_text: str, model: str) -> dict[str, Any]:
    """The request body asking ``model`` for a short title of a conversation, as cheaply as the model allows.

    The instruction and the start of the conversation travel as one user turn. Thinking is switched off
    where the model allows it (Gemini 2.5 Flash and Flash-Lite: ``thinkingBudget`` 0), kept low on Gemini 3
    (``thinkingLevel`` "low"), and left to the model on 2.5 Pro, which cannot turn it off; in the last two
    cases the output budget gets headroom for the thoughts, which count against ``maxOutputTokens``.

    Args:
        user_text: The conversation's first user message.
        answer_text: The first answer (its start is enough).
        model: The model that will write the title.

    Returns:
        A ``generateContent`` request body.
    """
    prompt = (
        f"{TITLE_INSTRUCTION}\n\n"
        f"User: {_clip(user_text, USER_TEXT_CHARS)}\n\n"
        f"Assistant: {_clip(answer_text, ANSWER_TEXT_CHARS)}"
    )
    config: dict[str, Any] = {"maxOutputTokens": TITLE_MAX_TOKENS}
    traits = model_traits(model)
    if traits.supports_thinking:
        if traits.uses_thinking_level:
            config["thinkingConfig"] = {"thinkingLevel": "low"}
            config["maxOutputTokens"] = TITLE_MAX_TOKENS + THINKING_HEADROOM_TOKENS
        elif traits.is_pro:
            config["maxOutputTokens"] = TITLE_MAX_TOKENS + THINKING_HEADROOM_TOKENS
        else:
            config["thinkingConfig"] = {"thinkingBudget": 0}
    return {"contents": [{"role": "user", "parts": [{"text": prompt}]}], "generationConfig": config}
