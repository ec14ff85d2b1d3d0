"""Short conversation titles."""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 40
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"[#*_`>\[\]]+")


def fallback_title(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """A title from the first words of a prompt: one line, markup removed, cut at a word where possible."""
    flat = _SPACE.sub(" ", _MARKUP.sub(" ", text)).strip()
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
    line = _MARKUP.sub("", line).strip().strip("\"'“”‘’「」《》").rstrip("。.!！")
    if line.lower().startswith("title:"):
        line = line[6:].strip()
    return fallback_title(line, limit)
