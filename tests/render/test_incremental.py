"""Streaming Markdown: any split of a document gives the blocks of the whole, with bounded work."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.render.incremental import LONG_CODE, LONG_TAIL, TAIL_FORMULAS, StreamingMarkdown
from app.render.markdown import MarkdownRenderer

DOCS = [
    # A typical answer: headings, paragraphs, a fence, a table that keeps growing, lists, quotes.
    "# Title\n\nSome *para*\ncontinues here.\n\n- a\n- b\n\n  more b\n- c\n\n```python\ndef f():\n"
    "    return 1\n```\nAfter fence\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\nrow?\n\n> quote\nlazy\n\n"
    "1. one\n2. two\n\n    indented code\n\nfinal [link](http://x) ![img](http://y/z.png)\n",
    # Chinese text and an unclosed fence at the end.
    "中文段落，包含**粗体**和`代码`。\n\n## 标题\n\n这是第二段。\n第二行。\n\n```js\nconsole.log('未闭合')\n",
    # Setext headings, interrupting lists, rules, tilde fences, a backward reference.
    "[a]: http://ref\n\nuse [a] here\n\ntext\n===\n\nfoo\nbar\n- x\n- y\nbaz\n\n***\n~~~\ncode ~~~\n~~~~\n",
    # Windows line ends.
    "para\r\nline2\r\n\r\n```\r\ncode\r\n```\r\n\r\ntail",
    # Nested fences in lists and a fence whose closing line arrives late.
    "1. step\n\n   ```sh\n   ls -la\n   ```\n\n2. next\n\n````md\n```\ninner\n```\n````\n\nend\n",
    # A long single paragraph without a trailing newline.
    "word " * 200,
]


def stream(renderer: MarkdownRenderer, pieces: list[str]) -> tuple[list[str], StreamingMarkdown]:
    streaming = StreamingMarkdown(renderer, message_id=1)
    blocks: list[str] = []
    for piece in pieces:
        blocks += streaming.append(piece).committed
    final = streaming.finish()
    assert final.tail == ""
    return blocks + list(final.committed), streaming


def split(doc: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(doc) + 1) for c in cuts})
    edges = [0, *points, len(doc)]
    return [doc[a:b] for a, b in itertools.pairwise(edges) if b > a]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_index=st.integers(0, len(DOCS) - 1), cuts=st.lists(st.integers(0, 10_000), max_size=60))
def test_any_split_commits_the_blocks_of_the_whole_document(doc_index: int, cuts: list[int]) -> None:
    renderer = MarkdownRenderer(code_action_href=lambda m, n: f"act:{m}/{n}")
    doc = DOCS[doc_index]
    blocks, streaming = stream(renderer, split(doc, cuts))
    assert blocks == renderer.render_blocks(doc, message_id=1)
    assert streaming.text == doc


def test_character_by_character_matches_whole() -> None:
    renderer = MarkdownRenderer()
    for doc in DOCS:
        blocks, _ = stream(renderer, list(doc))
        assert blocks == renderer.render_blocks(doc)


def test_unclosed_fence_stays_the_tail_until_it_closes() -> None:
    streaming = StreamingMarkdown()
    assert streaming.append("intro\n\n```py\nx = 1\n").committed != ()  # "intro" is finished
    update = streaming.append("y = 2\n\nstill code\n")
    assert update.committed == ()
    assert "still code" in update.tail and "<pre" in update.tail
    update = streaming.append("```\nafter\n")
    assert len(update.committed) == 1 and "still code" in update.committed[0]
    assert "after" in update.tail


def test_paragraph_continues_until_a_blank_line_or_new_block() -> None:
    streaming = StreamingMarkdown()
    assert streaming.append("line one\nline two\n").committed == ()
    assert streaming.append("\n").committed == ()  # the paragraph is last, it is still the tail
    assert len(streaming.append("next\n").committed) == 1


def test_growing_table_is_the_tail() -> None:
    streaming = StreamingMarkdown()
    streaming.append("| a | b |\n|---|---|\n")
    for i in range(20):
        update = streaming.append(f"| {i} | x |\n")
        assert update.committed == ()
        assert f"<td>{i}</td>" in update.tail


def test_work_per_update_is_bounded_by_the_tail() -> None:
    # 400 paragraphs streamed in small chunks: each update renders the tail plus newly finished blocks, so
    # the total number of block renders grows with the number of updates, never with (updates x blocks).
    doc = "".join(f"Paragraph {i} with some words to stream in pieces.\n\n" for i in range(400))
    streaming = StreamingMarkdown()
    updates = 0
    largest_pending = 0
    for start in range(0, len(doc), 7):
        streaming.append(doc[start : start + 7])
        updates += 1
        largest_pending = max(largest_pending, len(streaming.pending_text))
    streaming.finish()
    assert streaming.blocks_rendered <= 400 + 2 * updates
    assert largest_pending < 120  # the uncommitted text never exceeds about two paragraphs


def test_tail_unchanged_is_reported() -> None:
    streaming = StreamingMarkdown()
    first = streaming.append("hello")
    again = streaming.append("\n")  # a newline after a single paragraph renders the same HTML
    assert first.tail_changed and not again.tail_changed


def test_append_after_finish_is_an_error() -> None:
    streaming = StreamingMarkdown()
    streaming.finish()
    try:
        streaming.append("x")
    except RuntimeError:
        return
    raise AssertionError("append after finish must raise")


def test_a_long_paragraph_is_committed_in_parts_so_the_tail_stays_short() -> None:
    renderer = MarkdownRenderer()
    streaming = StreamingMarkdown(renderer, message_id=1)
    text = "one line of a paragraph with **bold** and https://example.org\n" * 1000  # 62 KB, one paragraph
    longest = 0
    for start in range(0, len(text), 200):
        streaming.append(text[start : start + 200])
        longest = max(longest, len(streaming.pending_text))
    streaming.finish()
    assert longest <= LONG_TAIL + 200
    assert streaming.split_provisionally  # the view renders the whole message once at its end


@pytest.mark.parametrize("term", ["$a_{{{n}}}+b$", "$a_{{{n}}} + b$", "\\(a_{{{n}}} + b\\)"])
def test_a_paragraph_dense_with_formulas_is_committed_in_parts_so_the_tail_holds_few(term: str) -> None:
    # 4,000 characters held about 250 formulas, each an image laid out again per frame (about 100 ms a
    # frame on a loaded machine): the tail is bounded by its formulas too, and the cuts stay clean, between
    # formulas, also when a formula has spaces of its own.
    streaming = StreamingMarkdown(MarkdownRenderer(), message_id=1)
    text = "Consider " + " ".join(term.format(n=n) for n in range(1000)) + " and done.\n"
    most = 0
    for start in range(0, len(text), 400):
        streaming.append(text[start : start + 400])
        pending = streaming.pending_text
        most = max(most, (pending.count("$") + pending.count("\\(") + pending.count("\\)")) // 2)
    streaming.finish()
    assert most <= TAIL_FORMULAS + 400 // len("$a_{999}+b$ ")
    assert streaming.split_provisionally and streaming.split_is_clean  # joined, not rendered again


@pytest.mark.parametrize("unit", ["QUJDRA+/", "[", "中文的句子，没有空行。", "a`"])
def test_an_unbroken_run_is_cut_where_it_stands_so_the_tail_stays_short(unit: str) -> None:
    # No line end and no space to cut at: the tail grew with the whole run and was parsed again per update.
    streaming = StreamingMarkdown(MarkdownRenderer(), message_id=1)
    text = unit * (60_000 // len(unit))
    longest = 0
    for start in range(0, len(text), 500):
        streaming.append(text[start : start + 500])
        longest = max(longest, len(streaming.pending_text))
    streaming.finish()
    assert longest <= LONG_TAIL + 500
    assert streaming.split_provisionally and not streaming.split_is_clean  # rendered whole at the end


def test_a_long_list_is_never_cut() -> None:
    renderer = MarkdownRenderer()
    text = "- item one\n" * 1000
    streaming = StreamingMarkdown(renderer, message_id=1)
    for start in range(0, len(text), 200):
        streaming.append(text[start : start + 200])
    assert not streaming.split_provisionally
    assert streaming.finish().committed


def _stream_open_fence(lines: int, chunk: int = 1000) -> tuple[list[str], str, StreamingMarkdown, int, float]:
    """Stream a fence that never closes; return the commits, the last tail, the renderer, the longest
    uncommitted text and the CPU time."""
    renderer = MarkdownRenderer(code_action_href=lambda m, n: f"act:{m}/{n}")
    streaming = StreamingMarkdown(renderer, message_id=1)
    text = "Intro\n\n```python\n" + "".join(
        f"value_{i} = compute({i})  # a line of code\n" for i in range(lines)
    )
    committed: list[str] = []
    tail = ""
    longest = 0
    start = time.process_time()
    for at in range(0, len(text), chunk):
        update = streaming.append(text[at : at + chunk])
        committed += update.committed
        tail = update.tail
        longest = max(longest, len(streaming.pending_text))
    return committed, tail, streaming, longest, time.process_time() - start


def test_an_open_fence_is_committed_a_few_lines_at_a_time() -> None:
    # A model streaming a megabyte of code without closing its fence: every update rendered the whole block
    # again, and the view laid it out again (a minute for 200 KB).
    committed, tail, streaming, longest, _ = _stream_open_fence(2000)
    assert longest <= LONG_CODE + 1000
    intro, first, *rest = committed
    assert "Intro" in intro
    # One code block in pieces: one header bar with the first block's Copy, the pieces flush with each other.
    assert first.count("act:1/0") == 1 and "python" in first and "margin-bottom:0px" in first
    assert rest and all("act:" not in piece and "margin-bottom:0px" in piece for piece in rest)
    assert "act:" not in tail and "margin-bottom:10px" in tail and "value_1999" in tail
    shown = "".join([first, *rest, tail])
    assert all(f"value_{i} = " in shown for i in range(2000))
    # The pieces are not coloured each on its own: the whole message is rendered once at the end.
    assert streaming.split_provisionally and not streaming.split_is_clean
    final = streaming.append("```\n\nAfter the code.\n\n```js\nnext()\n```\n")
    assert final.committed and "act:" not in final.committed[0] and "margin-bottom:10px" in final.committed[0]
    blocks = [*committed, *final.committed, *streaming.finish().committed]
    assert "After the code." in blocks[-2]
    assert "act:1/1" in blocks[-1]  # the next code block has the next number


def test_an_open_fence_costs_the_same_per_update_however_long_it_grows() -> None:
    # Twice the code, about twice the time (it was four times: every update rendered the whole block).
    short = min(_stream_open_fence(1500)[4] for _ in range(2))
    long = min(_stream_open_fence(3000)[4] for _ in range(2))
    assert long < 3 * short
