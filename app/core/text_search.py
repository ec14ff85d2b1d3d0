"""How the app's search fields match: every word typed, in any case, somewhere in the entry's texts.

The model picker, the "Several models" list and the shortcuts list filter as the user types; one rule here
keeps them answering the same way ("pro 2.5" finds "gemini-2.5-pro" in all three). A list searched on every
key keeps each entry's ``search_key`` and tests it with ``matches_words``: a gateway may list 50,000 models.

The conversation search looks for what was typed as one piece of text, in any case (``find_text``): its
trigram index answers that question, and ``find_text`` is where a found message marks the match, and how
the rows a shortened index query returns are checked against the whole query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["find_text", "matches_words", "matching", "search_key", "search_words"]

_T = TypeVar("_T")

_FIND_PIECE = 65_536
"""How many characters of a text ``find_text`` lowers and searches at a time."""


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search field's ``text``, case-folded (none for a blank search)."""
    return tuple(text.casefold().split())


def search_key(*texts: str) -> str:
    """An entry's ``texts`` as one case-folded string that ``matches_words`` searches.

    The texts are joined by a newline, which no search word holds, so a word never matches across two texts.
    """
    return "\n".join(text.casefold() for text in texts)


def matches_words(words: tuple[str, ...], key: str) -> bool:
    """Whether each of ``words`` occurs in ``key`` (from ``search_key``); always, for no words."""
    return all(word in key for word in words)


def matching(words: tuple[str, ...], keyed: Sequence[tuple[_T, str]]) -> list[_T]:
    """The items of ``keyed`` (item, search key) whose key holds each of ``words``, in their order.

    One pass per word over what is left, each a plain substring test: a list of 50,000 models is searched
    in milliseconds on every key typed, where a test of each entry in turn took a tenth of a second.
    """
    left = list(keyed)
    for word in words:
        left = [pair for pair in left if word in pair[1]]
    return [item for item, _key in left]


def find_text(text: str, query: str) -> tuple[int, int] | None:
    """Where ``query`` first occurs in ``text``, in any case: ``(start, end)`` offsets into ``text``, or None.

    The text is lowered and searched with ``str.find`` a piece at a time (``_FIND_PIECE`` characters, each
    piece overlapping the next by the query's length): a search found early in a multi-megabyte answer
    lowers a few kilobytes, not megabytes, and no single step holds the interpreter long, so the search thread
    leaves the GUI thread its turns. A case-insensitive regular expression, the rule before, took ten times
    as long on a long answer. Lowering keeps the length of nearly every text; where it changes (a dotted
    capital I) the offsets would not fit ``text``, so a case-insensitive expression finds the match there.
    """
    wanted = query.lower()
    step = max(_FIND_PIECE, 4 * len(query))
    begin = 0
    while len(wanted) == len(query):
        piece = text[begin : begin + step + len(query) - 1]
        lowered = piece.lower()
        if len(lowered) != len(piece):
            break
        at = lowered.find(wanted)
        if at >= 0:
            return begin + at, begin + at + len(query)
        begin += step
        if begin + len(query) > len(text):
            return None
    found = re.compile(re.escape(query), re.IGNORECASE).search(text, begin)
    return None if found is None else (found.start(), found.end())
