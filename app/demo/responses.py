"""Builders of Gemini response objects (`GenerateContentResponse` chunks) shared by the scenarios.

Field order follows Google's output (``content`` then ``finishReason`` then ``index``; usage, model
version and response id last) so recorded and generated streams read alike. Token counts are rough
estimates: only their shape matters (cumulative, zero fields omitted).
"""

from __future__ import annotations

import base64
import random
from collections.abc import Sequence
from typing import Any

from app.demo.scenario import JsonObject

BANNER = "*Demo gateway — scripted answer.*"
"""The first line of every scripted reply, so nobody mistakes the demo for a real model."""

CHUNK_CHARS = 150
"""About the size of one 2.5 Flash streaming chunk (PROTOCOL-NOTES §6)."""


def estimate_tokens(text: str) -> int:
    """Guess a token count: about one per CJK character and one per four other characters."""
    wide = sum(1 for char in text if ord(char) > 0x2E80)
    return max(1, wide + (len(text) - wide + 3) // 4)


def signature(seed: int, size: int = 120) -> str:
    """Return a deterministic opaque base64 blob standing in for a ``thoughtSignature``."""
    return base64.b64encode(random.Random(seed).randbytes(size)).decode()


def usage(prompt: int, candidates: int = 0, thoughts: int = 0) -> JsonObject:
    """Build ``usageMetadata`` with zero fields omitted, as Google does."""
    result: JsonObject = {"promptTokenCount": prompt}
    if candidates:
        result["candidatesTokenCount"] = candidates
    result["totalTokenCount"] = prompt + candidates + thoughts
    if thoughts:
        result["thoughtsTokenCount"] = thoughts
    return result


def chunk(
    parts: Sequence[JsonObject] | None,
    *,
    usage_metadata: JsonObject | None = None,
    finish_reason: str | None = None,
    **candidate_fields: Any,
) -> JsonObject:
    """Build one response object with a single candidate.

    Args:
        parts: the candidate's parts; None leaves ``parts`` out (MAX_TOKENS while thinking).
        usage_metadata: the cumulative usage so far.
        finish_reason: set on the last chunk only.
        **candidate_fields: more candidate fields (``safetyRatings``, ``groundingMetadata``...).
    """
    content: JsonObject = {"role": "model"} if parts is None else {"parts": list(parts), "role": "model"}
    candidate: JsonObject = {"content": content}
    if finish_reason is not None:
        candidate["finishReason"] = finish_reason
    candidate.update(candidate_fields)
    candidate["index"] = 0
    result: JsonObject = {"candidates": [candidate]}
    if usage_metadata is not None:
        result["usageMetadata"] = usage_metadata
    return result


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut `text` into pieces of about `size` characters, preferring to cut after a space or newline."""
    pieces: list[str] = []
    while len(text) > size:
        cut = max(text.rfind(" ", size // 2, size), text.rfind("\n", size // 2, size))
        cut = cut + 1 if cut > 0 else size
        pieces.append(text[:cut])
        text = text[cut:]
    if text:
        pieces.append(text)
    return pieces


def text_stream(
    text: str,
    *,
    prompt_tokens: int = 12,
    size: int = CHUNK_CHARS,
    finish_reason: str | None = "STOP",
    thoughts: int = 0,
) -> list[JsonObject]:
    """Stream `text` as chunks with cumulative usage, ``finishReason`` on the last one."""
    pieces = split_text(text, size) or [""]
    chunks: list[JsonObject] = []
    sent = ""
    for number, piece in enumerate(pieces, start=1):
        sent += piece
        last = number == len(pieces)
        chunks.append(
            chunk(
                [{"text": piece}],
                usage_metadata=usage(prompt_tokens, estimate_tokens(sent), thoughts),
                finish_reason=finish_reason if last else None,
            )
        )
    return chunks


def utf8_span(text: str, fragment: str, start_at: int = 0) -> tuple[int, int]:
    """Return the UTF-8 byte offsets ``[start, end)`` of `fragment` in `text` (Google's segment units)."""
    index = text.index(fragment, start_at)
    start = len(text[:index].encode())
    return start, start + len(fragment.encode())
