"""Untrusted text put into Markdown (names, titles, model output) reads as itself, never as syntax."""

from __future__ import annotations

import base64

import pytest
from markdown_it import MarkdownIt

from app.core.chat.attachments import decoded_size, format_size
from app.core.chat.markdown_syntax import code_span, escape, fence

MARKDOWN = MarkdownIt("commonmark")


def rendered_text(markdown: str) -> str:
    """The text a reader sees: the HTML with its tags removed and entities decoded."""
    html: str = MARKDOWN.renderInline(markdown)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        html = html.replace(entity, char)
    return html.replace("<code>", "").replace("</code>", "")


@pytest.mark.parametrize(
    "name", ["report_v2 *final*.pdf", "[link](https://x.example)", "<b>bold</b>", "a|b~c~", "back\\slash"]
)
def test_an_escaped_name_shows_exactly_as_written(name: str) -> None:
    assert rendered_text(escape(name)) == name


def test_escaping_puts_a_name_on_one_line() -> None:
    assert escape("  two\nlines\tand  spaces ") == "two lines and spaces"


@pytest.mark.parametrize("text", ["plain", "a `tick`", "``double``", "`leading", "trailing`", " both "])
def test_a_code_span_shows_its_text_verbatim(text: str) -> None:
    assert rendered_text(code_span(text)) == text


def test_a_fence_is_longer_than_any_backtick_run_inside() -> None:
    block = fence("x = '```'\n````\n", "python")
    assert block.startswith("`````python\n") and block.endswith("\n`````")
    assert MARKDOWN.render(block).count("<pre>") == 1


def test_a_fence_ends_its_content_with_one_line_break() -> None:
    assert fence("print(1)", "") == "```\nprint(1)\n```"
    assert fence("print(1)\n", "py") == "```py\nprint(1)\n```"
    assert fence("", "") == "```\n```"


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 1000, 3001])
def test_decoded_size_is_the_size_before_base64(size: int) -> None:
    encoded = base64.b64encode(b"x" * size).decode()
    assert decoded_size(encoded) == size
    assert decoded_size(f"  {encoded}\n") == size


def test_decoded_size_of_nonsense_is_never_negative() -> None:
    assert decoded_size("===") == 0


def test_sizes_read_the_same_everywhere() -> None:
    assert [format_size(n) for n in (5, 2048, 3000, 3 * 1024 * 1024 // 2)] == [
        "5 B",
        "2 KB",
        "3 KB",
        "1.5 MB",
    ]


def test_demoted_headings_sit_below_the_documents_own_and_code_is_left_alone() -> None:
    from app.core.chat.markdown_syntax import demote_headings

    text = "# A\ntext\n\n```\n# not a heading\n```\n\n> ## quoted\n\nUnder\n===\n\n##### five\n"
    assert demote_headings(text, 2) == (
        "### A\ntext\n\n```\n# not a heading\n```\n\n> #### quoted\n\n### Under\n\n###### five\n"
    )
