"""What a reply shows, in the core: thoughts as paragraphs, citations that link, counts, chip labels."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from app.core.chat.attachments import attachments_markdown, type_label
from app.core.chat.display import DisplayLabels, reply_markdown, thought_paragraphs, usage_line
from app.core.gemini.accumulator import Accumulator
from app.core.gemini.events import GroundingInfo, join_paragraphs
from app.core.texts import render
from app.demo import content

FIRST = "**Listing the primes**\n\nThe first ten primes are 2, 3, 5, 7, 11, 13, 17, 19, 23 and 29."
SECOND = "**Adding them up**\n\n2+3+5+7 = 17; 11+13+17+19 = 60; 23+29 = 52; 17+60+52 = 129."
DEMO_1 = "https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-1"


def _links(markdown: str) -> list[tuple[str, str]]:
    """(text, href) of every link a CommonMark parser finds in ``markdown``."""
    found = []
    for token in MarkdownIt("commonmark").parse(markdown):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                found.append((children[i + 1].content, str(child.attrGet("href"))))
    return found


def _images(markdown: str) -> list[Any]:
    return [
        child
        for token in MarkdownIt("commonmark").parse(markdown)
        for child in token.children or []
        if child.type == "image"
    ]


# -- thoughts ------------------------------------------------------------------------------------------------


def test_each_stored_thought_part_starts_a_paragraph_of_its_own() -> None:
    accumulator = Accumulator()
    # The first summary carries a signature, so the two stay separate parts (as in the demo's /think).
    accumulator.add(
        {
            "candidates": [
                {"content": {"parts": [{"text": FIRST, "thought": True, "thoughtSignature": "c2ln"}]}}
            ]
        }
    )
    accumulator.add({"candidates": [{"content": {"parts": [{"text": SECOND, "thought": True}]}}]})
    thoughts = accumulator.snapshot().thoughts
    assert thoughts == f"{FIRST}\n\n{SECOND}"
    assert "29.**Adding" not in thoughts


def test_joining_paragraphs_adds_only_the_blank_line_that_is_missing() -> None:
    assert join_paragraphs(["a", "", "b\n", "c\n\n", "d"]) == "a\n\nb\n\nc\n\nd"
    assert join_paragraphs([]) == ""


def test_a_heading_run_on_from_the_summary_before_starts_a_paragraph() -> None:
    # Live, the summaries arrive as deltas and are joined as they came.
    assert thought_paragraphs(FIRST + SECOND) == f"{FIRST}\n\n{SECOND}"
    assert thought_paragraphs("Done.\n**Next step**\n\nMore.") == "Done.\n\n**Next step**\n\nMore."
    # Already separate: nothing changes, however often it is applied.
    assert thought_paragraphs(f"{FIRST}\n\n{SECOND}") == f"{FIRST}\n\n{SECOND}"


def test_bold_words_inside_a_sentence_stay_where_they_are() -> None:
    for text in ("The answer is **129**\nso far.", "这是**重要**的。", "Sum: **129**\n", "a **b** c"):
        assert thought_paragraphs(text) == text


# -- citations -----------------------------------------------------------------------------------------------


def _grounded() -> tuple[str, GroundingInfo]:
    text = content.grounding_text()
    return text, GroundingInfo.from_metadata(content.grounding_metadata(text))


def test_citation_markers_link_to_their_sources_and_stay_short_in_the_text() -> None:
    text, grounding = _grounded()
    markdown = reply_markdown([{"text": text}], grounding)
    assert "是中国最高的建筑。[1]大厦" in markdown  # a copy of the message keeps the short marker
    links = _links(markdown)
    assert ("1", DEMO_1) in links
    assert ("3", DEMO_1.replace("demo-1", "demo-3")) in links


def test_only_http_sources_are_linked_and_odd_neighbours_do_not_turn_markers_into_other_syntax() -> None:
    grounding = GroundingInfo.from_metadata(
        {
            "groundingChunks": [
                {"web": {"uri": "https://a.example/page", "title": "A"}},
                {"web": {"uri": "javascript:alert(1)", "title": "evil"}},
            ],
            "groundingSupports": [
                {"segment": {"endIndex": 4}, "groundingChunkIndices": [0]},  # after "Wow!"
                {"segment": {"endIndex": 9}, "groundingChunkIndices": [0]},  # before "(see below)"
                {"segment": {"endIndex": 20}, "groundingChunkIndices": [1]},
            ],
        }
    )
    markdown = reply_markdown([{"text": "Wow! Then(see below)"}], grounding)
    assert _images(markdown) == [], "a marker after '!' became an image"
    assert "javascript" not in markdown
    # Two marker links ("(see below)" stays text, not a destination), then the Sources entry.
    assert _links(markdown) == [("1", "https://a.example/page")] * 2 + [("A", "https://a.example/page")]
    assert "Wow!" in MarkdownIt("commonmark").render(markdown)


def test_several_sources_at_one_place_each_get_a_link() -> None:
    grounding = GroundingInfo.from_metadata(
        {
            "groundingChunks": [
                {"web": {"uri": "https://a.example/", "title": "A"}},
                {"web": {"uri": "https://b.example/", "title": "B"}},
            ],
            "groundingSupports": [{"segment": {"endIndex": 5}, "groundingChunkIndices": [0, 1]}],
        }
    )
    links = _links(reply_markdown([{"text": "Fact. More."}], grounding))
    assert links[:2] == [("1", "https://a.example/"), ("2", "https://b.example/")]


# -- figures and chips ---------------------------------------------------------------------------------------


def test_counts_use_the_number_format_the_labels_carry() -> None:
    meta = {"usage": {"promptTokenCount": 1200, "candidatesTokenCount": 1310, "thoughtsTokenCount": 0}}
    labels = DisplayLabels(number=lambda n: f"{n:,}".replace(",", "."))
    assert usage_line(meta, labels=labels) == "prompt 1.200 · answer 1.310"


def test_plain_text_attachments_are_labelled_in_the_users_language() -> None:
    assert render(type_label("text/plain"), "en") == "Text"
    assert render(type_label("text/plain"), "zh") == "文本"
    assert render(type_label("application/pdf"), "zh") == "PDF"
    parts = [{"inlineData": {"mimeType": "text/plain", "data": "aGk="}}]
    assert attachments_markdown(parts, str, ["notes.txt"], language="zh_CN") == "`notes.txt · 文本 · 2 B`"
