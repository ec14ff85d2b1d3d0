"""Markdown → Qt rich text: structure, safety and highlighting."""

from __future__ import annotations

import re
import time
from html import unescape

import pytest

from app.render.code_blocks import MAX_CODE_HEADERS, code_sources
from app.render.highlight import CodeHighlighter
from app.render.markdown import MarkdownRenderer, render_blocks, render_markdown
from app.render.palette import DARK, LIGHT
from app.render.parser import new_parser


def test_headings_are_qt_heading_tags_sized_by_the_design_scale() -> None:
    html = render_markdown("# Big\n\n### Small\n")
    assert '<h1 style="font-size:xx-large;' in html and "Big</h1>" in html
    assert '<h3 style="font-size:large;' in html and "Small</h3>" in html


def test_lists_nest_and_keep_order() -> None:
    html = render_markdown("1. one\n2. two\n   - inner\n")
    assert html.index("<ol>") < html.index("one") < html.index("<ul>") < html.index("inner")


def test_gfm_table_gets_borders_padding_and_cell_alignment() -> None:
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<table border="1" cellspacing="0" cellpadding="6"' in html
    assert '<td align="right">2</td>' in html
    assert "<th" in html and "bgcolor=" in html


def test_strikethrough_emphasis_and_links() -> None:
    html = render_markdown("~~gone~~ *it* **bold** [docs](https://example.com/a?b=1&c=2)")
    assert "<s>gone</s>" in html and "<em>it</em>" in html and "<strong>bold</strong>" in html
    assert '<a href="https://example.com/a?b=1&amp;c=2" style="color:#0b57d0">docs</a>' in html


def test_raw_html_from_the_model_is_shown_as_text() -> None:
    html = render_markdown("Say <b>hi</b> <script>alert(1)</script>\n\n<div>block</div>\n")
    assert "<b>" not in html and "<script>" not in html and "<div>" not in html
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_images_become_links_and_are_never_loaded() -> None:
    html = render_markdown('![a *chart*](http://tracker.example/p.png "t")')
    assert "<img" not in html
    assert '<a href="http://tracker.example/p.png" style="color:#0b57d0">[image: a chart]</a>' in html


def test_javascript_links_are_not_rendered_as_links() -> None:
    html = render_markdown("[x](javascript:alert(1)) [y](file:///etc/passwd)")
    assert "<a " not in html and 'href="javascript' not in html and 'href="file:' not in html
    assert "x (javascript:alert(1)) y (file:///etc/passwd)" in html


def test_code_fence_is_highlighted_with_inline_styles() -> None:
    html = render_markdown("```python\ndef f():\n    return 1\n```\n")
    assert "<pre" in html and '<span style="color:#' in html
    assert "class=" not in html
    assert "def" in html and "return" in html


def test_unknown_language_is_plain_escaped_text() -> None:
    html = render_markdown("```nosuchlang\na < b\n```\n")
    assert "a &lt; b" in html and "<span" not in html.split("<pre")[1]


def test_dark_and_light_schemes_differ() -> None:
    code = "```python\nx = 'a'  # c\n```\n"
    assert render_markdown(code, palette=LIGHT) != render_markdown(code, palette=DARK)


def test_copy_links_number_code_blocks_across_the_message() -> None:
    renderer = MarkdownRenderer(code_action_href=lambda m, n: f"act:{m}/{n}")
    source = "```\na\n```\n\n- ```\n  b\n  ```\n\npara\n\n    c\n"
    html = renderer.render(source, message_id=7)
    assert 'href="act:7/0"' in html and 'href="act:7/1"' in html and 'href="act:7/2"' in html
    assert 'href="act:7/3"' not in html
    assert code_sources(source) == ["a\n", "b\n", "c\n"]


def test_render_blocks_concatenate_to_the_whole_document() -> None:
    source = "# T\n\npara\n\n```js\nx\n```\n\n> q\n"
    blocks = render_blocks(source)
    assert len(blocks) == 4
    assert "".join(blocks) == render_markdown(source)


def test_chinese_text_passes_through() -> None:
    assert "中文段落，包含<strong>粗体</strong>" in render_markdown("中文段落，包含**粗体**。")


def test_five_thousand_line_block_is_not_pathological() -> None:
    def code(lines: int) -> str:
        return "".join(f"value_{i} = compute({i}, 'text')  # note {i}\n" for i in range(lines))

    highlighter = CodeHighlighter("default", text_color="#000000", mono_family="monospace")

    def cpu_seconds(source: str) -> float:
        started = time.process_time()  # CPU time: other processes' load does not count
        highlighter.highlight(source, "python")
        return time.process_time() - started

    html = highlighter.highlight(code(5000), "python")
    assert html.count("\n") == 4999  # trailing newline dropped, no blank line added
    # Against a baseline from this run: four times the lines cost about four times as much; quadratic
    # behaviour would cost sixteen times.
    baseline = min(cpu_seconds(code(1250)) for _ in range(2))
    cost = cpu_seconds(code(5000))
    assert cost < 8 * baseline + 0.05, f"{cost:.2f} s for 5,000 lines, {baseline:.2f} s for 1,250"


@pytest.mark.parametrize(
    ("language", "coloured"), [("", False), ("text", False), ("PYTHON", True), ("c++ {.x}", True)]
)
def test_language_names_are_normalised(language: str, coloured: bool) -> None:
    highlighter = CodeHighlighter("default", text_color="#000000", mono_family="monospace")
    html = highlighter.highlight("if (x < 1) return;\n", language)
    assert html.startswith("<pre") and ("<span" in html) == coloured
    assert html_to_text(html).strip() == "if (x < 1) return;"


def html_to_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_reading_a_message_s_code_blocks_builds_no_parser_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.render import code_blocks as blocks

    built: list[object] = []

    def counting(*, extensions: bool = True) -> object:
        built.append(extensions)
        return new_parser(extensions=extensions)

    blocks._parser.cache_clear()
    monkeypatch.setattr(blocks, "new_parser", counting)
    for _ in range(5):
        assert blocks.code_blocks("```python\nx = 1\n```\n") == [("python", "x = 1\n")]
    assert len(built) == 1  # about 10 ms each: Send, Copy and the keyboard's stops read code blocks
    blocks._parser.cache_clear()


def test_code_blocks_past_the_cap_are_shown_without_a_header_bar() -> None:
    # 10,000 empty fences took seconds to show: every block's header bar had a Copy link and icon.
    renderer = MarkdownRenderer(code_action_href=lambda m, n: f"act:{m}/{n}")
    count = MAX_CODE_HEADERS + 50
    source = "".join(f"```python\nline_{i} = {i}\n```\n\n" for i in range(count))
    rendered = renderer.render(source, message_id=7)
    assert [int(n) for n in re.findall(r"act:7/(\d+)", rendered)] == list(range(MAX_CODE_HEADERS))
    assert rendered.count("python") == MAX_CODE_HEADERS  # the language is in the header bar
    assert rendered.count("<pre") == count and all(f"line_{i}" in rendered for i in range(count))
    few = "```python\nx = 1\n```\n"
    assert "act:7/0" in renderer.render(few, message_id=7)  # a usual answer's blocks keep theirs
