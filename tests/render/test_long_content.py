"""Markdown that used to freeze the window is shown in a cheaper form, with nothing of its text lost."""

from __future__ import annotations

import re
import time
from html import unescape

from app.render.incremental import StreamingMarkdown
from app.render.long_content import (
    LONG_RUN,
    MAX_ASTERISKS,
    MAX_DELIMITER_RUN,
    SOFT_BREAK,
    without_soft_breaks,
)
from app.render.markdown import MarkdownRenderer, render_markdown
from tests.helpers.markdown_samples import table_markdown


def _text(html_text: str) -> str:
    return without_soft_breaks(unescape(re.sub(r"<[^>]+>", "", html_text)))


def test_a_long_run_of_emphasis_marks_is_text_not_thousands_of_nested_strongs() -> None:
    run = "*" * 20000 + "a" + "*" * 20000
    html_text = render_markdown(run)
    assert html_text.count("<strong>") == 0 and html_text.count("<em>") == 0
    assert run in _text(html_text)


def _render_cpu(renderer: MarkdownRenderer, text: str) -> float:
    """CPU seconds to render ``text`` (best of two)."""
    costs = []
    for _ in range(2):
        started = time.process_time()
        renderer.render(text)
        costs.append(time.process_time() - started)
    return min(costs)


def test_a_paragraph_thick_with_asterisks_is_text_at_the_cost_of_ordinary_text() -> None:
    # 150 KB of unclosed emphasis: a delimiter token per asterisk cost ten times ordinary text of its length.
    renderer = MarkdownRenderer()
    hostile = "*a " * 50_000
    html_text = renderer.render(hostile)
    assert "<em>" not in html_text and _text(html_text) == hostile.strip()
    ordinary = ("An ordinary sentence of an answer, with a few words in it. " * 3000)[: len(hostile)]
    baseline = _render_cpu(renderer, ordinary)
    cost = _render_cpu(renderer, hostile)
    assert cost <= 3 * baseline, f"{cost:.3f} s of CPU against {baseline:.3f} s for ordinary text"
    # Under the limit, asterisks are emphasis as ever.
    usual = "*a* and **b** " * (MAX_ASTERISKS // 6)
    assert renderer.render(usual).count("<strong>") == MAX_ASTERISKS // 6


def test_a_paragraph_thick_with_asterisks_streamed_in_parts_ends_as_text() -> None:
    # Its parts, each with fewer asterisks, are Markdown while it streams; the whole is text: drawn again.
    streaming = StreamingMarkdown(MarkdownRenderer(), message_id=1)
    text = "**bold** and *more*\n" * (MAX_ASTERISKS // 6 + 10)
    for start in range(0, len(text), 300):
        streaming.append(text[start : start + 300])
    streaming.finish()
    assert streaming.split_provisionally and not streaming.split_is_clean


def test_a_long_run_of_link_brackets_is_text() -> None:
    run = "[" * 20000 + "a" + "](" * 10000
    tokens = MarkdownRenderer().parse(run)
    [inline] = [token for token in tokens if token.type == "inline"]
    # One run of text, not a delimiter (or a link attempt) per bracket.
    assert [child.type for child in inline.children or []] == ["text"]
    assert run in _text(render_markdown(run))


def test_usual_emphasis_links_and_rules_are_unchanged() -> None:
    html_text = render_markdown(
        "**bold** _it_ ~~gone~~ [link](https://example.org) [[1]](https://example.org/1)\n\n"
        + "_" * 60
        + "\n"
    )
    assert "<strong>bold</strong>" in html_text and "<em>it</em>" in html_text and "<s>gone</s>" in html_text
    assert html_text.count("<a href=") == 2
    assert "<hr" in html_text  # a long line of underscores alone is still a rule
    limit = "*" * MAX_DELIMITER_RUN
    assert "<strong>" in render_markdown(f"{limit}deep{limit}")


def test_a_large_table_is_shown_as_aligned_text_under_a_caption_saying_so() -> None:
    renderer = MarkdownRenderer(large_table_label="{rows} rows × {columns} columns, as text")
    html_text = renderer.render("Before.\n\n" + table_markdown(2000, 20) + "\nAfter.\n")
    assert "<table" not in html_text
    assert "2000 rows × 20 columns, as text" in html_text
    text = _text(html_text)
    assert "Before." in text and "After." in text
    assert all(f"r{r}c{c}" in text for r in (0, 999, 1999) for c in (0, 19))
    assert "| r1999c0 | r1999c1 |" in text  # one line per row, columns lined up
    wide = renderer.render(table_markdown(3, 300))
    assert "<table" not in wide and "3 rows × 300 columns" in wide


def test_a_table_of_usual_size_stays_atable_markdown() -> None:
    html_text = render_markdown(table_markdown(40, 8))
    assert html_text.count("<table") == 1 and html_text.count("<td") == 40 * 8


def test_a_long_line_without_spaces_gets_invisible_break_opportunities() -> None:
    line = "x" * 200_000
    html_text = render_markdown(f"```\n{line}\n```\n\n{'y' * 50_000}\n\nA `{'z' * 5000}` span.")
    assert html_text.count(SOFT_BREAK) >= 200_000 // 500
    text = _text(html_text)
    assert line in text and "y" * 50_000 in text and "z" * 5000 in text
    url = "https://example.org/" + "a" * (LONG_RUN - 30)
    assert SOFT_BREAK not in render_markdown(url)  # a long link stays as it is
