"""A code block is syntax-highlighted once, when its fence closes, not on every frame while it streams."""

from __future__ import annotations

from pygments.lexer import Lexer

from app.render.incremental import StreamingMarkdown
from app.render.markdown import MarkdownRenderer

COLOURED = "<span style="


def test_unfinished_code_block_is_shown_plain_then_coloured_once_closed() -> None:
    streaming = StreamingMarkdown(MarkdownRenderer())
    update = streaming.append("Intro.\n\n```python\ndef f(x):\n    return x * 2  # double\n")
    assert "def f(x):" in update.tail
    assert COLOURED not in update.tail  # still open: plain monospace text
    closed = streaming.append("```\n\nAfter.\n")
    committed = "".join(closed.committed)
    assert "def" in committed and COLOURED in committed  # closed: highlighted when committed


def test_long_growing_code_block_is_never_highlighted_before_it_closes() -> None:
    renderer = MarkdownRenderer()
    calls = 0
    original = renderer._highlighter._spans

    def counting(lexer: Lexer, code: str) -> str:
        nonlocal calls
        calls += 1
        return original(lexer, code)

    renderer._highlighter._spans = counting  # type: ignore[method-assign]
    streaming = StreamingMarkdown(renderer)
    streaming.append("```python\n")
    for i in range(300):
        streaming.append(f"value_{i} = compute({i})\n")
    assert calls == 0
    streaming.append("```\n\nDone.\n")
    assert calls == 1


def test_finished_message_renders_the_same_as_a_one_shot_render() -> None:
    source = "Text\n\n```python\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    streaming = StreamingMarkdown(MarkdownRenderer())
    html: list[str] = []
    for char in source:
        html.extend(streaming.append(char).committed)
    html.extend(streaming.finish().committed)
    assert "".join(html) == MarkdownRenderer().render(source)
