"""The search fields' one matching rule: every word, in any case, in one of the entry's texts."""

from __future__ import annotations

import pytest

from app.core.text_search import find_text, matches_words, matching, search_key, search_words


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


def test_find_text_finds_the_query_as_one_piece_in_any_case() -> None:
    assert find_text("The Weather in Paris", "weather IN") == (4, 14)
    assert find_text("请问天气预报", "天气") == (2, 4)
    assert find_text("weather, in Paris", "weather in") is None  # one piece of text, not words
    assert find_text("abc", "") == (0, 0)
    # Lowering "İ" makes two characters: the offsets still index the text itself.
    text = "İstanbul: the Weather"
    start, end = find_text(text, "WEATHER") or (0, 0)
    assert text[start:end] == "Weather"
