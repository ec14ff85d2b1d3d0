"""What CommonMark + GFM readers expect beyond plain paragraphs: tasks, footnotes, alignment, links, code."""

from __future__ import annotations

import re

from app.render.markdown import MarkdownRenderer
from app.render.markdown_extensions import needs_whole_render


def render(source: str) -> str:
    return MarkdownRenderer().render(source, message_id=7)


def test_task_lists_show_boxes_without_bullets() -> None:
    html_text = render("- [ ] open\n- [x] done\n")
    assert '<ul style="list-style-type:none">' in html_text
    assert "\u2610&nbsp; open" in html_text and "\u2611&nbsp; done" in html_text
    assert "<input" not in html_text
    assert "<ul>" in render("- plain\n")


def test_strikethrough() -> None:
    assert "<s>gone</s>" in render("~~gone~~")


def test_footnotes_link_to_notes_unique_to_the_message() -> None:
    html_text = render("Fact[^a] and more[^b].\n\n[^a]: First.\n[^b]: Second.\n")
    assert '<sup><a href="#fn-7-1"' in html_text and ">[1]</a></sup>" in html_text
    assert '<sup><a href="#fn-7-2"' in html_text
    assert '<li><a name="fn-7-1"></a>' in html_text and "First." in html_text
    assert "[^a]" not in html_text


def test_footnotes_ask_for_a_whole_render_at_the_end_of_a_stream() -> None:
    assert needs_whole_render("x[^1]\n\n[^1]: note\n")
    assert not needs_whole_render("an array a[^1] without a definition")
    assert not needs_whole_render("plain text")


def test_table_columns_keep_their_alignment() -> None:
    html_text = render("| l | c | r |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert re.findall(r'<td align="(\w+)"', html_text) == ["left", "center", "right"]


def test_bare_urls_and_angle_autolinks_are_links() -> None:
    html_text = render("See www.example.com, https://example.org/a?b=1 and <https://x.test/>.")
    assert '<a href="http://www.example.com"' in html_text
    assert '<a href="https://example.org/a?b=1"' in html_text
    assert '<a href="https://x.test/"' in html_text


def test_code_blocks_wrap_long_lines_inside_the_block() -> None:
    html_text = render("```\n" + "x" * 400 + "\n```\n")
    assert "white-space:pre-wrap" in html_text


def test_mermaid_blocks_are_code_with_a_mermaid_label() -> None:
    html_text = render("```mermaid\ngraph TD; A-->B\n```\n")
    assert "&nbsp;Mermaid" in html_text and "graph TD; A--&gt;B" in html_text
    assert "<img" not in html_text


def test_nested_lists_and_quotes_keep_their_structure() -> None:
    html_text = render("- a\n  - b\n    - c\n\n> quote\n> > inner\n")
    assert html_text.count("<ul") == 3
    assert html_text.count("<blockquote") == 2
