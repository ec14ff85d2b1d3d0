"""Hostile or odd formulas never stall the others, never freeze the window and never widen the transcript."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from markdown_it.token import Token
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.qt.render.formula_images import FormulaImages, FormulaStyle
from app.qt.widgets.transcript_view import TranscriptView
from app.render.incremental import StreamingMarkdown
from app.render.markdown import MarkdownRenderer
from app.render.math import FORMULA_FAILED, FORMULA_TOO_BIG, MAX_FORMULA_CHARS, FormulaImage
from tests.helpers.formula_document import formula_images, settle
from tests.helpers.transcripts import transcript_view

STYLE = FormulaStyle(size_px=18.0, color="#202020", x_height=8.0)


@pytest.fixture
def images(qtbot: QtBot) -> Iterator[FormulaImages]:
    typeset = FormulaImages(STYLE, budget_ms=200)
    yield typeset
    typeset.shutdown()


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 600, 500)


def _typeset(images: FormulaImages, latex: str, display: bool = False) -> object:
    if images.lookup(latex, display) is None:
        images.wait()
    return images.lookup(latex, display)


def test_a_too_long_formula_shows_as_source_and_the_next_one_is_typeset(view: TranscriptView) -> None:
    long_formula = "1" * (MAX_FORMULA_CHARS + 100)
    view.add_message(1, "model", f"Long: $${long_formula}$$\n\nStill working? $e^{{i\\pi}}+1=0$")
    settle(view)
    assert [alt for _, _, alt in formula_images(view)] == ["$e^{i\\pi}+1=0$"]
    text = view.document().toPlainText()
    assert f"$${long_formula}$$\u200b?" in text  # its source, with the quiet marker
    assert view.formulas.images.typeset_count == 1  # the long one was never sent to the typesetter


def test_deep_nesting_is_refused_without_typesetting(images: FormulaImages) -> None:
    deep = "{" * 60 + "x" + "}" * 60
    assert images.lookup(deep, False) is FORMULA_TOO_BIG
    assert images.pending == 0


@pytest.mark.parametrize(
    "latex",
    [
        "\\left(" * 14 + "x" + "\\right)" * 14,  # 40 s in ziamath: its time doubles per level
        "\\sqrt{" * 12 + "x" + "}" * 12,  # 5 s
        "\\left[" * 4 + "\\sqrt[3]{" * 3 + "x" + "}" * 3 + "\\right]" * 4,
    ],
    ids=["left", "sqrt", "mixed"],
)
def test_stretched_delimiters_and_roots_nested_deep_are_refused_without_typesetting(
    images: FormulaImages, latex: str
) -> None:
    assert images.lookup(latex, False) is FORMULA_TOO_BIG
    assert images.pending == 0


def test_ordinary_nesting_of_delimiters_and_roots_is_typeset(images: FormulaImages) -> None:
    latex = "\\left( \\frac{\\sqrt{\\sqrt{x}}}{\\left[ y \\right]} \\right) \\leftarrow \\rightarrow" * 3
    assert isinstance(_typeset(images, latex), FormulaImage)


def test_a_formula_over_its_time_budget_is_given_up_and_the_rest_are_typeset(images: FormulaImages) -> None:
    assert isinstance(_typeset(images, "a"), FormulaImage)  # the process runs: the budget is 200 ms now
    first_pid = images.worker_pid
    slow = "x+" * 1900 + "x"  # under the length limit; takes seconds to typeset
    assert images.lookup(slow, True) is None
    assert images.lookup("e^{i\\pi}", False) is None
    images.wait()
    assert images.lookup(slow, True) is FORMULA_TOO_BIG
    assert isinstance(images.lookup("e^{i\\pi}", False), FormulaImage)
    assert images.worker_pid not in (None, first_pid)  # stopped and started again


def test_the_budget_also_runs_in_the_event_loop(images: FormulaImages, qtbot: QtBot) -> None:
    assert isinstance(_typeset(images, "a"), FormulaImage)
    slow = "x+" * 1900 + "x"
    images.lookup(slow, True)
    images.lookup("b^2", False)
    qtbot.waitUntil(lambda: isinstance(images.lookup("b^2", False), FormulaImage), timeout=60_000)
    assert images.lookup(slow, True) is FORMULA_TOO_BIG


def test_an_image_that_aged_out_is_made_again_by_the_process_not_on_the_gui_thread(qtbot: QtBot) -> None:
    images = FormulaImages(STYLE, cache_bytes=1)  # keeps one image only
    try:
        first = _typeset(images, "a^2")
        assert isinstance(first, FormulaImage)
        assert isinstance(_typeset(images, "b^2"), FormulaImage)  # "a^2" ages out
        count = images.typeset_count
        assert images.image(first.name) is None  # not made here
        assert images.typeset_count == count and images.pending == 1  # asked of the process
        with qtbot.waitSignal(images.ready, timeout=60_000):
            pass
        image = images.image(first.name)
        assert isinstance(image, QImage) and not image.isNull()
    finally:
        images.shutdown()


@pytest.mark.parametrize("latex", ["a\\hspace{100000pt}b", "\\rule{5000pt}{5000pt}"])
def test_a_formula_beyond_the_pixel_budget_shows_as_source(images: FormulaImages, latex: str) -> None:
    assert _typeset(images, latex, True) is FORMULA_TOO_BIG


def test_an_unreadable_formula_still_says_failed(images: FormulaImages) -> None:
    assert _typeset(images, "\\frac{1}{", False) is FORMULA_FAILED


def test_a_long_equation_shrinks_to_the_column_instead_of_scrolling_the_transcript(
    view: TranscriptView,
) -> None:
    equation = " + ".join(f"x_{{{i}}}^{{2}}" for i in range(80))
    view.add_message(1, "model", f"$$\n{equation}\n$$\n")
    settle(view)
    assert len(formula_images(view)) == 1
    view.flush()
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().size().width() <= view.viewport().width()


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("\\[", "\\]"), ("$$", "$$"), ("\\(", "\\)")],
    ids=["brackets", "dollars", "parens"],
)
def test_an_unfinished_formula_streams_as_its_source_not_as_markdown(
    view: TranscriptView, opening: str, closing: str
) -> None:
    view.begin_stream(1, "gemini-test")
    view.append_stream(f"Speed:\n\n{opening}\nv = \\frac{{d}}{{t}} \\, *x* ")
    view.flush()
    text = view.document().toPlainText()
    assert f"{opening} v = \\frac{{d}}{{t}} \\, *x*" in " ".join(text.split())  # nothing eaten
    view.append_stream(f"\n{closing}\n\nDone.")
    view.end_stream()
    settle(view)
    assert len(formula_images(view)) == 1
    assert "Done." in view.document().toPlainText()


def test_text_before_an_unfinished_formula_stays_markdown_on_its_line(view: TranscriptView) -> None:
    view.begin_stream(1, "gemini-test")
    view.append_stream("So **fast** \\(a \\, b")
    view.flush()
    assert "So fast \\(a \\, b" in view.document().toPlainText()


class _CountingRenderer(MarkdownRenderer):
    """Counts the characters parsed."""

    parsed = 0

    def parse(self, source: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
        self.parsed += len(source)
        return super().parse(source, env)


def test_a_long_unfinished_formula_is_not_parsed_again_per_chunk() -> None:
    renderer = _CountingRenderer()
    stream = StreamingMarkdown(renderer)
    answer = "Intro.\n\n$$\n" + "x+y\\\\\n" * 5000
    for start in range(0, len(answer), 500):
        update = stream.append(answer[start : start + 500])
    assert "x+y\\\\" in update.tail  # its source, cut short
    # Streaming it parsed about the intro only, not the growing formula on every chunk (60 chunks).
    assert renderer.parsed < len(answer)
    update = stream.append("$$\n\nAfter.\n")
    assert update.committed and "After." in update.tail + "".join(update.committed)


def test_an_inline_integral_keeps_text_size(images: FormulaImages) -> None:
    integral = "\\int_{-\\infty}^{\\infty} e^{-x^2}\\,dx = \\sqrt{\\pi}"
    inline = _typeset(images, integral, False)
    display = _typeset(images, integral, True)
    assert isinstance(inline, FormulaImage) and isinstance(display, FormulaImage)
    # In a line of text the sign is not stretched to display size (which pushed the next line down).
    assert inline.height < 0.7 * display.height
    assert inline.height < 2 * STYLE.size_px


def test_the_markers_tooltip_says_why_the_source_is_shown(images: FormulaImages) -> None:
    renderer = MarkdownRenderer(
        formula_images=images, formula_error_label="unreadable", formula_too_big_label="too big"
    )
    assert _typeset(images, "\\frac{1}{", False) is FORMULA_FAILED
    too_long = "y" * (MAX_FORMULA_CHARS + 1)
    shown = renderer.render(f"Broken $\\frac{{1}}{{$ and long ${too_long}$.")
    assert 'title="unreadable"' in shown and 'title="too big"' in shown
