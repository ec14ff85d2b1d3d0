"""Formulas in the transcript: images in the document, source while typesetting or when invalid, streaming,
themes and text sizes, copying, the formula menu; and what else Markdown readers expect to see."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPalette,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.demo.content import MATH_MARKDOWN
from app.qt.widgets.transcript_view import TranscriptView
from app.render.math import FormulaImage
from tests.helpers.formula_document import formula_images, settle
from tests.helpers.transcripts import transcript_view

ANSWER = (
    "Energy $E=mc^2$ and \\(p = mv\\).\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n\n"
    "It costs $5 and $10. Code: `$x$`.\n\n```\n$$y$$\n```\n\nBroken: $\\frac{1}{$ here.\n"
)
FORMULAS = {"$E=mc^2$", "\\(p = mv\\)", "$$\\int_0^1 x\\,dx = \\frac{1}{2}$$"}


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 600, 500, shown=False)


def test_formulas_become_images_and_the_rest_stays_text(view: TranscriptView) -> None:
    view.add_message(1, "model", ANSWER)
    text = view.document().toPlainText()
    assert "$E=mc^2$" in text  # source while the worker typesets
    settle(view)
    assert {alt for _, _, alt in formula_images(view)} == FORMULAS
    text = view.document().toPlainText()
    assert "E=mc^2" not in text and "\\int" not in text
    assert "It costs $5 and $10." in text  # money is not math
    assert "Code: $x$." in text and "$$y$$" in text  # nor is code
    assert "$\\frac{1}{$" in text  # an invalid formula shows its source
    assert view.formulas.images.typeset_count == len(FORMULAS) + 1  # each formula once (one failed)


def test_each_image_is_sized_and_sits_on_the_line(view: TranscriptView) -> None:
    view.add_message(1, "model", ANSWER)
    settle(view)
    for position, name, _alt in formula_images(view):
        cursor = QTextCursor(view.document())
        cursor.setPosition(position + 1)
        image_format = cursor.charFormat().toImageFormat()
        assert image_format.width() > 5 and image_format.height() > 5
        assert image_format.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignMiddle
        image = view.loadResource(2, name)
        assert isinstance(image, QPixmap) and not image.isNull()


def _line_of(view: TranscriptView, position: int) -> tuple[float, float, float]:
    """(height, baseline, document y) of the line holding ``position``."""
    document = view.document()
    block = document.findBlock(position)
    top = document.documentLayout().blockBoundingRect(block).top()  # lays the block out first
    layout = block.layout()
    line = layout.lineForTextPosition(position - block.position())
    assert line.isValid()
    return line.height(), top + line.y() + line.ascent(), top + line.y()


def test_a_tall_inline_formula_leaves_no_gap_under_its_line(view: TranscriptView) -> None:
    tall = "\\frac{" * 10 + "x" + "}{k}" * 10
    view.add_message(1, "model", f"Small $x^2$ here.\n\nTall: ${tall}$ end.\n")
    view.show()
    settle(view)
    (small_at, _, _), (tall_at, _, _) = formula_images(view)
    cursor = QTextCursor(view.document())
    cursor.setPosition(tall_at + 1)
    height = cursor.charFormat().toImageFormat().height()
    assert height > 60
    # Padded for vertical-align: middle it was twice as tall as the formula above its baseline (~2x the line).
    line_height, baseline, line_top = _line_of(view, tall_at)
    assert line_height < height * 1.15
    assert baseline - line_top > height * 0.8  # most of it above the baseline
    # A small formula keeps middle alignment and its line stays one of text.
    cursor.setPosition(small_at + 1)
    assert cursor.charFormat().verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignMiddle
    assert _line_of(view, small_at)[0] < height / 3


@pytest.mark.parametrize("cut_step", [1, 5])
def test_a_streamed_formula_split_anywhere_is_typeset_once_when_closed(
    view: TranscriptView, cut_step: int
) -> None:
    text = "Start $\\alpha+\\beta$ then\n\n$$\n\\sqrt{x}\n$$\n\nand \\(y_1\\) end.\n"
    for cut in range(1, len(text), cut_step):
        view.clear_transcript()
        typeset_before = view.formulas.images.typeset_count
        view.begin_stream(cut, "gemini-test")
        view.append_stream(text[:cut])
        view.flush()
        settle(view)
        closed = [alt for _, _, alt in formula_images(view)]
        for alt in closed:  # only formulas whose closing delimiter arrived are images
            inner = alt.strip("$").removeprefix("\\(").removesuffix("\\)")
            assert text.index(inner) + len(inner) < cut, (cut, alt)
        view.append_stream(text[cut:])
        view.end_stream()
        settle(view)
        alts = [alt for _, _, alt in formula_images(view)]
        assert alts == ["$\\alpha+\\beta$", "$$\\sqrt{x}$$", "\\(y_1\\)"], cut
        # Typeset once per formula and style, however often the tail was drawn: here, never again.
        assert view.formulas.images.typeset_count - typeset_before <= 3


def test_a_stream_shows_a_block_once_with_its_images(view: TranscriptView) -> None:
    view.begin_stream(1, "gemini-test")
    view.append_stream("First $a^2$.\n\nSecond paragraph.\n\nThird")
    view.flush()
    assert "$a^2$" in view.document().toPlainText()  # source until typeset
    settle(view)
    assert [alt for _, _, alt in formula_images(view)] == ["$a^2$"]
    view.end_stream()
    assert [alt for _, _, alt in formula_images(view)] == ["$a^2$"]


def test_formulas_follow_the_theme_and_the_text_size(view: TranscriptView) -> None:
    view.add_message(1, "model", "Inline $x^2$ here.\n")
    settle(view)
    [(_, light_name, _)] = formula_images(view)
    light = view.loadResource(2, light_name)
    dark_palette = QPalette(view.palette())
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#202124"),
        (QPalette.ColorRole.Text, "#e8eaed"),
    ):
        dark_palette.setColor(role, QColor(colour))
    view.setPalette(dark_palette)
    settle(view)
    [(_, dark_name, alt)] = formula_images(view)
    assert alt == "$x^2$" and dark_name != light_name
    dark = view.loadResource(2, dark_name)
    assert isinstance(dark, QPixmap)
    assert _ink(dark).lightnessF() > 0.7 > 0.3 > _ink(light).lightnessF()
    bigger = QFont(view.font())
    bigger.setPointSize(view.font().pointSize() * 2)
    view.setFont(bigger)
    settle(view)
    [(_, big_name, _)] = formula_images(view)
    big = view.loadResource(2, big_name)
    assert isinstance(big, QPixmap)
    assert big.height() > dark.height() * 1.5


def test_a_formula_alone_in_a_table_cell_sits_on_the_rows_baseline(view: TranscriptView) -> None:
    view.add_message(
        1,
        "model",
        "| a | b |\n|---|---|\n| plain | $y_1$ |\n| and $\\frac{a}{b}$ ok | $\\frac{a}{b}$ |\n",
    )
    view.show()
    settle(view)
    baselines = _cell_baselines(view)
    # The cell holding only a formula has its text's line, as in a paragraph: not an image at the top.
    assert abs(baselines["plain"] - baselines["$y_1$"]) <= 1
    assert abs(baselines["and $\\frac{a}{b}$ ok"] - baselines["$\\frac{a}{b}$"]) <= 1


def _cell_baselines(view: TranscriptView) -> dict[str, float]:
    """The baseline (document y) of the first line of each table cell, by its text (formulas as LaTeX)."""
    document = view.document()
    layout = document.documentLayout()
    found: dict[str, float] = {}
    block = document.begin()
    while block.isValid():
        if QTextCursor(block).currentTable() is not None:
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            text = view.formulas.selection_text(cursor) or block.text()
            top = layout.blockBoundingRect(block).top()  # lays the block out first
            line = block.layout().lineAt(0)
            found[text.replace("\u200b", "").strip()] = top + line.y() + line.ascent()
        block = block.next()
    return found


def test_zooming_keeps_formula_images_and_typesets_only_the_last_size(view: TranscriptView) -> None:
    latex = [f"x_{{{n}}}^2" for n in range(60)]
    view.add_message(1, "model", " ".join(f"${formula}$" for formula in latex) + "\n")
    settle(view)
    first = formula_images(view)
    typeset = view.formulas.images.typeset_count
    font = QFont(view.font())
    for _ in range(5):  # five quick Ctrl+plus steps
        font.setPointSize(font.pointSize() + 2)
        view.setFont(font)
        # The images of the size before stand in: a formula never turns back into its source.
        assert [alt for _, _, alt in formula_images(view)] == [alt for _, _, alt in first]
        assert "$x_{0}^2$" not in view.document().toPlainText()
    settle(view)
    # The last size wins, and the sizes left while they waited for the typesetting process were not typeset.
    newest = [view.formulas.images.lookup(formula, False) for formula in latex]
    names = [f"gd-math:{image.name}" for image in newest if isinstance(image, FormulaImage)]
    assert [name for _, name, _ in formula_images(view)] == names and len(names) == 60
    assert not any(isinstance(image, FormulaImage) and image.stand_in for image in newest)
    assert view.formulas.images.typeset_count - typeset <= 2 * len(latex)


def test_a_text_size_change_during_a_stream_reaches_its_formulas_when_it_ends(view: TranscriptView) -> None:
    view.begin_stream(1, "gemini-test")
    view.append_stream("First $a^2$ here.\n\nThen $b^2$.\n\n")
    settle(view)
    font = QFont(view.font())
    font.setPointSize(font.pointSize() + 4)
    view.setFont(font)
    view.append_stream("Last $c^2$.\n")
    view.end_stream()
    settle(view)
    newest = [view.formulas.images.lookup(latex, False) for latex in ("a^2", "b^2", "c^2")]
    names = [f"gd-math:{image.name}" for image in newest if isinstance(image, FormulaImage)]
    assert [name for _, name, _ in formula_images(view)] == names and len(names) == 3


def _ink(image: object) -> QColor:
    """The colour of the most opaque pixel of a formula image (a pixmap, as the document gets it)."""
    from PySide6.QtGui import QPixmap

    assert isinstance(image, QPixmap)
    image = image.toImage()
    best = QColor(0, 0, 0, 0)
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > best.alpha():
                best = colour
    return best


def test_copying_a_selection_copies_the_latex(view: TranscriptView) -> None:
    view.add_message(1, "model", "Energy $E=mc^2$ is famous.\n")
    settle(view)
    view.selectAll()
    view.copy()
    assert "Energy $E=mc^2$ is famous." in QGuiApplication.clipboard().text()


def test_a_formulas_menu_copies_its_latex_and_its_image(view: TranscriptView, qtbot: QtBot) -> None:
    view.show()
    view.add_message(1, "model", "Energy $E=mc^2$ is famous.\n")
    settle(view)
    [(position, name, _)] = formula_images(view)
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    rect = view.cursorRect(cursor)
    point = QPointF(rect.right() + 4, rect.center().y())
    scroll = QPointF(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    assert view.formulas.formula_at(point + scroll) == (name.removeprefix("gd-math:"), "$E=mc^2$")
    menu = QMenu()
    view.formulas.add_menu_actions(menu, point + scroll)
    labels = [action.text() for action in menu.actions()]
    assert labels[:2] == ["Copy LaTeX", "Copy as image"]
    menu.actions()[0].trigger()
    assert QGuiApplication.clipboard().text() == "$E=mc^2$"
    menu.actions()[1].trigger()
    assert not QGuiApplication.clipboard().image().isNull()
    empty = QMenu()
    view.formulas.add_menu_actions(empty, QPointF(2, 2) + scroll)
    assert empty.actions() == []


def test_block_quotes_have_a_bar_and_long_code_lines_wrap(view: TranscriptView) -> None:
    view.show()
    view.add_message(1, "model", "> A quoted line.\n\n```\n" + "wide " * 200 + "\n```\n")
    assert view.horizontalScrollBar().maximum() == 0
    shot = view.viewport().grab().toImage()
    block = view.document().begin()
    while block.isValid() and block.text() != "A quoted line.":
        block = block.next()
    rect = view.document().documentLayout().blockBoundingRect(block)
    x = int(view.document().documentMargin()) + 5
    bar = shot.pixelColor(QPoint(x, int(rect.center().y()) - view.verticalScrollBar().value()))
    assert bar != view.palette().color(QPalette.ColorRole.Base)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshot_of_a_math_heavy_answer(view: TranscriptView, tmp_path: Path, theme: str) -> None:
    if theme == "dark":
        palette = QPalette(view.palette())
        for role, colour in (
            (QPalette.ColorRole.Window, "#202124"),
            (QPalette.ColorRole.Base, "#202124"),
            (QPalette.ColorRole.Text, "#e8eaed"),
        ):
            palette.setColor(role, QColor(colour))
        view.setPalette(palette)
    view.resize(900, 1400)
    view.show()
    view.add_message(1, "model", MATH_MARKDOWN)
    settle(view)
    assert len(formula_images(view)) == 14  # every formula of the answer but the broken one
    shot = view.viewport().grab()
    shot.save(str(tmp_path / f"math-{theme}.png"))
    image = shot.toImage()
    background = view.palette().color(QPalette.ColorRole.Base)
    # Some ink in the formulas' colour is on screen, against the theme's background.
    [(position, _, _), *_] = formula_images(view)
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    rect = view.cursorRect(cursor)
    ink = [
        image.pixelColor(x, y)
        for x in range(rect.right(), rect.right() + 60)
        for y in range(rect.top(), rect.bottom())
    ]
    text = view.palette().color(QPalette.ColorRole.Text)
    darkest = min(ink, key=lambda c: abs(c.lightnessF() - text.lightnessF()))
    assert abs(darkest.lightnessF() - text.lightnessF()) < 0.25
    assert abs(background.lightnessF() - text.lightnessF()) > 0.5


@pytest.mark.parametrize("stored", [False, True], ids=["streamed", "stored-text-given"])
def test_a_streamed_reply_with_footnotes_shows_them_at_its_end(view: TranscriptView, stored: bool) -> None:
    text = "Fact[^1] here.\n\nMore text.\n\n[^1]: The note.\n"
    view.begin_stream(1, "gemini-test")
    for start in range(0, len(text), 5):
        view.append_stream(text[start : start + 5])
        view.flush()
    view.end_stream(markdown=text if stored else None)
    plain = view.document().toPlainText()
    assert "[^1]" not in plain and "Fact[1] here." in plain and "The note." in plain
