"""What the chat history keeps about a reply's error: codes and parameters, never wording.

A record is a JSON object (the ``error_json`` column, and ``error`` in a JSON export)::

    {"type": "RateLimitError", "status": 429, "retryable": true, "code": "gemini.rate_limit",
     "title": <text>, "message": <text>}

``title`` and ``message`` are texts in the form of :func:`app.core.texts.to_json`: the UI words them in its
language when it shows them (:func:`shown_texts`), so a reply that failed yesterday reads right after a
change of language.

Schema version 1 stored the wording itself, in English and Chinese (``title_en``, ``title_zh``,
``message_en``, ``message_zh``). :func:`upgrade_record` turns such a record back into codes and parameters by
matching it against the catalogues; a record whose wording no longer matches them (written by an older
version with other texts) keeps both wordings as they were (``Verbatim``), each shown in its language, so it
still reads as it did. Migration 2 and the import of an old export both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from app.core.texts import (
    REFERENCE,
    Joined,
    Param,
    Text,
    Verbatim,
    catalogue,
    error_message,
    from_json,
    render,
    to_json,
)

# The v1 record's wording; the record of schema version 2 has none of these.
_LEGACY_KEYS = ("title_en", "title_zh", "message_en", "message_zh")
# The texts a v1 message quoted, in the order it quoted them (see `app.core.texts.error_message`).
_QUOTES = ("error.gateway_message", "error.page_title", "error.request_id", "error.detail")
# The one v1 hint with an extra sentence: a rate limit's wait (see `RateLimitError.hint`).
_WAIT = "gemini.rate_limit.wait"
_CHINESE = "zh_CN"


def error_record(
    *, type_name: str, status: int | None, retryable: bool, code: str | None, title: Param, message: Param
) -> dict[str, Any]:
    """The record of an error as the store keeps it.

    Args:
        type_name: The exception's class name (for diagnosis; never shown).
        status: The HTTP status, if the gateway answered with one.
        retryable: Whether another attempt could help.
        code: The stable code of what happened (``gemini.rate_limit``); None for a record of old wording.
        title: What happened, in one short sentence.
        message: The whole message: headline, hint and quoted texts.
    """
    return {
        "type": type_name,
        "status": status,
        "retryable": retryable,
        "code": code,
        "title": to_json(title),
        "message": to_json(message),
    }


def shown_texts(record: Mapping[str, Any]) -> tuple[Param | None, Param | None]:
    """The title and the message of a stored error, to be worded in the UI language; None where unreadable."""
    return from_json(record.get("title")), from_json(record.get("message"))


def is_legacy(record: Mapping[str, Any]) -> bool:
    """Whether ``record`` is of schema version 1 (wording instead of codes)."""
    return any(key in record for key in _LEGACY_KEYS)


def upgrade_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Turn a v1 record (wording in two languages) into codes and parameters; others are returned as they are.

    The result reads exactly as the record did, in English and in Chinese: a decoding is kept only when its
    texts render to the stored wording in both languages, and anything else keeps the wording itself.
    """
    if not is_legacy(record):
        return dict(record)
    wording = {key: str(record.get(key) or "") for key in _LEGACY_KEYS}
    status = record.get("status")
    status = status if isinstance(status, int) and not isinstance(status, bool) else None
    decoded = _decode(wording, status)
    title: Param
    message: Param
    if decoded is not None:
        code, title, message = decoded
    else:
        code = None
        title = _legacy_text(wording["title_en"], wording["title_zh"])
        message = _legacy_text(wording["message_en"], wording["message_zh"])
    kept = {key: value for key, value in record.items() if key not in _LEGACY_KEYS}
    return {
        **kept,
        **error_record(
            type_name=str(record.get("type") or ""),
            status=status,
            retryable=bool(record.get("retryable")),
            code=code,
            title=title,
            message=message,
        ),
    }


def _legacy_text(english: str, chinese: str) -> Verbatim:
    # A language the v1 record was never written in shows the English wording, like any missing text.
    return Verbatim({REFERENCE: english, _CHINESE: chinese or english})


def _decode(wording: Mapping[str, str], status: int | None) -> tuple[str, Text, Param] | None:
    """Find the code and parameters that word exactly as ``wording`` did; None when nothing does."""
    english = catalogue(REFERENCE)
    for code, params in _title_matches(english, wording["title_en"]):
        title = Text(f"{code}.title", **params)
        for message in _messages(english, code, params, title, status, wording["message_en"]):
            rendered = {
                "title_en": render(title, REFERENCE),
                "title_zh": render(title, _CHINESE),
                "message_en": render(message, REFERENCE),
                "message_zh": render(message, _CHINESE),
            }
            if rendered == wording:
                return code, title, message
    return None


def _title_matches(english: Mapping[str, str], title: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every error code (one with a title and a hint) whose English title can read ``title``."""
    for key, template in english.items():
        code = key.removesuffix(".title")
        if key.endswith(".title") and f"{code}.hint" in english:
            params = _match(template, title)
            if params is not None:
                yield code, params


def _messages(
    english: Mapping[str, str],
    code: str,
    params: dict[str, str],
    title: Text,
    status: int | None,
    message: str,
) -> Iterator[Param]:
    """The candidate messages for ``title`` that could have read as ``message`` in English."""
    hint: Param = Text(f"{code}.hint", **params)
    # The headline, the hint (with a rate limit's wait, if any) and the quoted texts, one per line.
    for shown_status in dict.fromkeys((status, None)):
        headline = render(error_message(title, "", status=shown_status), REFERENCE)
        if not message.startswith(headline):
            continue
        rest = message[len(headline) :]
        hints: list[Param] = [hint]
        wait = _match(english[f"{code}.hint"] + english[_WAIT], rest.split("\n", 1)[0])
        if wait is not None and "wait" in wait:
            hints.append(Joined([hint, Text(_WAIT, wait=wait["wait"])]))
        for candidate in hints:
            shown_hint = render(candidate, REFERENCE)
            quoted = _quotes(english, rest.removeprefix(shown_hint))
            if rest.startswith(shown_hint) and quoted is not None:
                yield error_message(title, candidate, status=shown_status, quotes=quoted)


def _quotes(english: Mapping[str, str], text: str) -> list[tuple[str, str | None]] | None:
    """Read the quoted lines after the hint: each optional, in their fixed order."""
    pattern = "".join(
        f"(?:\n{_pattern(english[code], {'text': f'(?P<q{index}>.*?)'})})?"
        for index, code in enumerate(_QUOTES)
    )
    match = re.fullmatch(pattern, text, re.DOTALL)
    if match is None:
        return None
    return [(code, match.group(f"q{index}")) for index, code in enumerate(_QUOTES)]


def _match(template: str, text: str) -> dict[str, str] | None:
    """The field values that make ``template`` read as ``text``, or None."""
    names = re.findall(r"\{(\w+)\}", template)
    groups = {name: f"(?P<{name}>.*?)" for name in dict.fromkeys(names)}
    match = re.fullmatch(_pattern(template, groups), text, re.DOTALL)
    return None if match is None else {name: match.group(name) for name in groups}


def _pattern(template: str, groups: Mapping[str, str]) -> str:
    """A regular expression for ``template``: its words literally, each field by ``groups``."""
    pieces = re.split(r"\{(\w+)\}", template)
    seen: set[str] = set()
    out = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            out.append(re.escape(piece))
        elif piece in seen:
            out.append(f"(?P={piece})")
        else:
            seen.add(piece)
            out.append(groups.get(piece, ".*?"))
    return "".join(out)
