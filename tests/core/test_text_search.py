"""The search fields' one matching rule: every word, in any case, in one of the entry's texts."""

from __future__ import annotations

import pytest

from app.core.text_search import matches_words, matching, search_key, search_words


@pytest.mark.parametrize(
    ("typed", "texts", "found"),
    [
        ("", ("anything",), True),
        ("   ", ("anything",), True),
        ("PRO", ("gemini-2.5-pro", "Gemini 2.5 Pro"), True),
        ("pro 2.5", ("gemini-2.5-pro", ""), True),
        ("pro flash", ("gemini-2.5-pro", "Gemini 2.5 Pro"), False),
        ("flash pro", ("gemini-2.5-flash", "Gemini 2.5 Pro"), True),  # each word may be in another text
        ("o-g", ("gemini-2.5-pro", "gemini"), False),  # never across two texts
        ("ｐｒｏ", ("gemini-pro",), False),
        ("STRASSE", ("straße",), True),  # case folding, not lower-casing
    ],
)
def test_every_word_must_occur_in_one_of_the_texts(typed: str, texts: tuple[str, ...], found: bool) -> None:
    assert matches_words(search_words(typed), search_key(*texts)) is found


def test_matching_keeps_the_items_holding_every_word_in_their_order() -> None:
    keyed = [(n, search_key(f"gemini-x-{n}", f"Gemini X {n}")) for n in range(200)]
    assert matching(search_words("X 19"), keyed) == [19, 119, *range(190, 200)]
    assert matching((), keyed) == list(range(200))
    assert matching(search_words("nothing"), keyed) == []
