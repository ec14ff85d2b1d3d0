"""How the app's search fields match: every word typed, in any case, somewhere in the entry's texts.

The model picker, the "Several models" list and the shortcuts list filter as the user types; one rule here
keeps them answering the same way ("pro 2.5" finds "gemini-2.5-pro" in all three). A list searched on every
key keeps each entry's ``search_key`` and tests it with ``matches_words``: a gateway may list 50,000 models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["matches_words", "matching", "search_key", "search_words"]

_T = TypeVar("_T")


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
