"""Grounding byte offsets land on the right characters, and citations follow the spans.

``citation_positions`` is the one function the transcript, the copied Markdown and the export place their
markers with; ``marked`` below writes its result as "[1,3]" so the expectations read like the answer.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.core.gemini.events import GroundingInfo, Source
from app.core.gemini.grounding import Citation, byte_to_char_offsets, citation_positions

WEATHER = "今天北京天气晴朗。明天有雨。"
FIRST = "今天北京天气晴朗。"


def nbytes(text: str) -> int:
    return len(text.encode("utf-8"))


def grounding(supports: list[dict[str, Any]], sources: int = 3) -> GroundingInfo:
    return GroundingInfo.from_metadata(
        {
            "groundingChunks": [
                {"web": {"uri": f"https://s{i}.example", "title": f"s{i}"}} for i in range(sources)
            ],
            "groundingSupports": supports,
        }
    )


def marked(text: str, info: GroundingInfo) -> str:
    """``text`` with each citation written as "[n,m]" (source numbers from 1) where it goes."""
    pieces, previous = [], 0
    for citation in citation_positions([text], info)[0]:
        numbers = ",".join(str(i + 1) for i in citation.sources)
        pieces += [text[previous : citation.position], f"[{numbers}]"]
        previous = citation.position
    return "".join([*pieces, text[previous:]])


def support(start: int, end: int, *indices: int) -> dict[str, Any]:
    return {"segment": {"startIndex": start, "endIndex": end}, "groundingChunkIndices": list(indices)}


def test_ascii_offsets_are_unchanged() -> None:
    assert byte_to_char_offsets("hello world", [0, 5, 11]) == [0, 5, 11]


def test_chinese_byte_offsets_map_to_character_indices() -> None:
    offsets = [0, nbytes("今天"), nbytes(FIRST), nbytes(WEATHER)]
    assert byte_to_char_offsets(WEATHER, offsets) == [0, 2, 9, 14]


def test_results_follow_the_input_order_even_when_unsorted() -> None:
    assert byte_to_char_offsets(WEATHER, [nbytes(WEATHER), 0, nbytes(FIRST)]) == [14, 0, 9]


def test_offsets_beyond_the_text_are_clamped() -> None:
    assert byte_to_char_offsets(WEATHER, [-5, 10_000]) == [0, len(WEATHER)]


def test_offset_inside_a_character_snaps_to_a_boundary() -> None:
    inside_tian = nbytes("今") + 1  # one byte into 天
    assert byte_to_char_offsets(WEATHER, [inside_tian]) == [2]  # after 天
    assert byte_to_char_offsets(WEATHER, [inside_tian], snap="backward") == [1]  # before 天


def test_four_byte_emoji_and_mixed_scripts_are_counted_as_one_character() -> None:
    text = "ok 👍 好的"
    assert byte_to_char_offsets(text, [nbytes("ok 👍"), nbytes(text)]) == [4, 7]


@given(st.text(max_size=60), st.data())
def test_boundary_offsets_match_decoding_the_prefix(text: str, data: st.DataObject) -> None:
    encoded = text.encode("utf-8")
    # Offsets at character boundaries, as Gemini sends them.
    boundaries = [nbytes(text[:i]) for i in range(len(text) + 1)]
    offsets = data.draw(st.lists(st.sampled_from(boundaries), max_size=10))
    expected = [len(encoded[:b].decode("utf-8")) for b in offsets]
    assert byte_to_char_offsets(text, offsets) == expected


def test_long_cjk_text_maps_correctly() -> None:
    text = WEATHER * 20_000
    offsets = [nbytes(WEATHER) * k for k in range(0, 20_001, 997)]
    assert byte_to_char_offsets(text, offsets) == [len(WEATHER) * k for k in range(0, 20_001, 997)]


def test_markers_land_after_the_right_chinese_characters() -> None:
    info = grounding([support(0, nbytes(FIRST), 0), support(nbytes(FIRST), nbytes(WEATHER), 0, 1)])
    assert citation_positions([WEATHER], info) == [[Citation(9, (0,)), Citation(14, (0, 1))]]
    assert marked(WEATHER, info) == "今天北京天气晴朗。[1]明天有雨。[1,2]"


def test_supports_ending_at_the_same_place_share_one_marker() -> None:
    info = grounding([support(0, nbytes(FIRST), 2), support(nbytes("今天"), nbytes(FIRST), 0)])
    assert marked(WEATHER, info) == "今天北京天气晴朗。[1,3]明天有雨。"


def test_overlapping_supports_each_get_a_marker_at_their_own_end() -> None:
    info = grounding([support(0, nbytes(WEATHER), 1), support(0, nbytes("今天北京"), 0)])
    assert marked(WEATHER, info) == "今天北京[1]天气晴朗。明天有雨。[2]"


def test_end_beyond_the_text_puts_the_marker_at_the_end() -> None:
    info = grounding([support(0, nbytes(WEATHER) + 40, 0)])
    assert marked(WEATHER, info) == WEATHER + "[1]"


def test_end_inside_a_character_puts_the_marker_after_that_character() -> None:
    info = grounding([support(0, nbytes("今天北") + 2, 0)])  # two bytes into 京
    assert marked(WEATHER, info) == "今天北京[1]天气晴朗。明天有雨。"


def test_a_lone_surrogate_counts_as_one_three_byte_character_and_markers_still_land() -> None:
    # A stream may carry half an emoji as a lone "\ud83d" escape; Gemini's offsets count it as the U+FFFD
    # it becomes in UTF-8 (3 bytes).
    text = "半个\ud83d表情。后面。"
    before = nbytes("半个") + 3 + nbytes("表情。")
    info = grounding([support(0, before, 0), support(before, before + nbytes("后面。"), 1)])
    assert byte_to_char_offsets(text, [nbytes("半个") + 3, before]) == [3, 6]
    assert marked(text, info) == "半个\ud83d表情。[1]后面。[2]"


def test_indices_without_a_source_and_supports_without_indices_add_no_marker() -> None:
    info = grounding([support(0, nbytes(FIRST), 5), support(0, nbytes(WEATHER))], sources=1)
    assert marked(WEATHER, info) == WEATHER


def test_omitted_start_and_end_are_recovered_from_the_segment_text() -> None:
    # proto3 JSON drops startIndex 0; a support with text but no endIndex still has a length.
    info = GroundingInfo.from_metadata(
        {
            "groundingChunks": [{"web": {"uri": "https://a.example", "title": "A"}}],
            "groundingSupports": [{"segment": {"text": "今天北京"}, "groundingChunkIndices": [0]}],
        }
    )
    assert (info.supports[0].start_byte, info.supports[0].end_byte) == (0, 12)
    assert marked(WEATHER, info) == "今天北京[1]天气晴朗。明天有雨。"


def test_non_web_chunks_keep_their_place_in_the_source_list() -> None:
    info = GroundingInfo.from_metadata(
        {
            "groundingChunks": [
                {"retrievedContext": {"uri": "gs://doc", "title": "Doc"}},
                {"unknownKind": 1},
                {"web": {"uri": "https://c.example", "title": "C"}},
            ],
            "groundingSupports": [support(0, nbytes(FIRST), 2)],
        }
    )
    assert info.sources == (Source("gs://doc", "Doc"), Source("", ""), Source("https://c.example", "C"))
    assert marked(WEATHER, info) == "今天北京天气晴朗。[3]明天有雨。"


def test_each_text_part_gets_the_citations_that_end_inside_it() -> None:
    # The answer is split into parts (a thought signature can split a sentence); offsets count the whole.
    first, second = "今天北京", "天气晴朗。明天有雨。"
    info = grounding(
        [support(0, nbytes("今天"), 0), support(0, nbytes(FIRST), 1), support(0, nbytes(WEATHER), 2)]
    )
    assert citation_positions([first, second], info) == [
        [Citation(2, (0,))],
        [Citation(5, (1,)), Citation(10, (2,))],
    ]


def test_a_span_ending_on_a_part_boundary_is_cited_in_the_earlier_part() -> None:
    info = grounding([support(0, nbytes("今天北京"), 0), support(0, 0, 1)])
    assert citation_positions(["今天北京", "", "天气"], info) == [
        [Citation(0, (1,)), Citation(4, (0,))],
        [],
        [],
    ]


def test_an_empty_first_part_owns_a_span_ending_at_the_very_start() -> None:
    info = grounding([support(0, 0, 0), support(0, 99, 1)])
    assert citation_positions(["", "", "ok"], info) == [[Citation(0, (0,))], [], [Citation(2, (1,))]]


def test_no_text_parts_have_no_citations() -> None:
    assert citation_positions([], grounding([support(0, 4, 0)])) == []
