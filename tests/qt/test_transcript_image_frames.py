"""Formulas and pictures in the transcript cost no text frame each, and look as Qt's HTML reader made them.

Qt's HTML reader gives every ``<img>`` an object of its own (a text frame), and a shown text view pays for
each frame of its document on every later edit: a math-heavy answer would stream slower with every formula
above it. The transcript puts these images in through a cursor; what the user sees (size, baseline alignment,
centred display formulas, the LaTeX kept for copying, pictures fitted to the width, links) must not change.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLength,
)
from pytestqt.qtbot import QtBot

from app.qt.render import document_edit
from app.qt.render.document_images import PLACEHOLDER, MarkedHtml
from app.qt.widgets.transcript_view import TranscriptView
from tests.helpers.formula_document import formula_images, image_fragments, settle
from tests.helpers.transcripts import transcript_view

ANSWER = "".join(
    f"Step {n}: $x_{n} < y^{n}$ and \\(a_{n} \\& b\\).\n\n$$\n\\int_0^{n} t\\,dt\n$$\n\n" for n in range(1, 9)
)
# The object an image of the HTML reader points to, and its type: not what the user sees.
_OBJECT_PROPERTIES = {QTextFormat.Property.ObjectIndex.value, QTextFormat.Property.ObjectType.value}


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 700, 500)


_Seen = list[tuple[dict[int, object], tuple[int, int, int, int]]]


def _seen(view: TranscriptView) -> _Seen:
    """Each image of the view's document: its format but the reader's object, and where it is drawn."""
    seen: _Seen = []
    for position, image in image_fragments(view):
        properties: dict[int, object] = {
            key: value.rawValue() if isinstance(value, QTextLength) else value  # a picture's maximum width
            for key, value in image.properties().items()
            if key not in _OBJECT_PROPERTIES
        }
        cursor = QTextCursor(view.document())
        cursor.setPosition(position)
        drawn = view.cursorRect(cursor).translated(0, view.verticalScrollBar().value())  # in the document
        seen.append((properties, (drawn.x(), drawn.y(), drawn.width(), drawn.height())))
    return seen


def _as_the_reader_makes_them(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, fill: Callable[[TranscriptView], None]
) -> _Seen:
    """``_seen`` of a second view filled by ``fill`` whose images all go through Qt's HTML reader."""
    monkeypatch.setattr(document_edit, "mark_images", MarkedHtml)  # every image left in the HTML
    other = TranscriptView()
    qtbot.addWidget(other)
    other.resize(700, 500)
    other.show()
    fill(other)
    assert other.document().rootFrame().childFrames()  # the reader's frames: the comparison means something
    return _seen(other)


def test_a_streamed_math_answer_shows_every_formula_without_a_frame(view: TranscriptView) -> None:
    view.begin_stream(4, "gemini-test")
    for start in range(0, len(ANSWER), 37):
        view.append_stream(ANSWER[start : start + 37])
        view.flush()
        settle(view)
    view.end_stream()
    settle(view)
    shown = formula_images(view)
    assert len(shown) == 3 * 8
    assert [alt for _, _, alt in shown][:3] == ["$x_1 < y^1$", "\\(a_1 \\& b\\)", "$$\\int_0^1 t\\,dt$$"]
    assert view.document().rootFrame().childFrames() == []  # not one frame for 24 formulas
    for _position, image in image_fragments(view):
        if image.name().startswith("gd-math:"):
            assert (
                image.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignMiddle
            )  # on the baseline
            assert image.width() > 5 and image.height() > 5
    display = [position for position, _, alt in shown if alt.startswith("$$")]
    assert all(
        view.document().findBlock(at).blockFormat().alignment() & Qt.AlignmentFlag.AlignHCenter
        for at in display
    )


def test_formulas_and_icons_look_as_the_html_reader_would_make_them(
    view: TranscriptView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(target: TranscriptView) -> None:
        target.add_message(2, "model", ANSWER + "```python\nprint(1)\n```\n")
        settle(target)

    fill(view)
    shown = _seen(view)
    assert len(shown) >= 3 * 8 + 2  # the formulas, the header's mark, the code block's copy icon
    # Same size, alignment, alt text and link, drawn at the same place (baselines, centred display formulas).
    assert shown == _as_the_reader_makes_them(qtbot, monkeypatch, fill)


def test_copying_formulas_put_in_without_a_frame_gives_their_latex(view: TranscriptView) -> None:
    view.add_message(2, "model", "Mass $m < 2$ and $$E = mc^2$$ end.")
    settle(view)
    assert len(formula_images(view)) == 2
    view.selectAll()
    QGuiApplication.clipboard().clear()
    view.copy()
    copied = QGuiApplication.clipboard().text()
    assert "Mass $m < 2$ and $$E = mc^2$$ end." in copied


def test_pictures_cost_no_frame_and_keep_their_size_link_and_fit(
    view: TranscriptView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(target: TranscriptView) -> None:
        for name, width in (("wide", 900), ("small", 64)):
            picture = QImage(width, 40, QImage.Format.Format_RGB32)
            picture.fill(QColor("teal"))
            target.images.add(name, picture)
        target.add_message(1, "model", "![a & b](gd-image:wide)\n\nand ![small](gd-image:small)")

    def narrow(target: TranscriptView) -> None:
        fill(target)
        target.resize(300, 500)

    fill(view)
    pictures = [image for _, image in image_fragments(view) if image.name().startswith("gd-image:")]
    assert [(image.name(), image.width()) for image in pictures] == [
        ("gd-image:wide", 480),
        ("gd-image:small", 64),
    ]
    assert str(pictures[0].property(QTextFormat.Property.ImageAltText)) == "a & b"
    assert all(image.isAnchor() for image in pictures)  # a click opens the viewer
    assert view.document().rootFrame().childFrames() == []
    # Narrower than the wide picture: it fits the width, as the reader's does.
    view.resize(300, 500)
    assert _seen(view) == _as_the_reader_makes_them(qtbot, monkeypatch, narrow)


def test_an_answer_that_writes_the_placeholder_character_keeps_it_and_its_formulas(
    view: TranscriptView,
) -> None:
    view.add_message(2, "model", f"Odd {PLACEHOLDER} character and $x^2$ here.")
    settle(view)
    assert [alt for _, _, alt in formula_images(view)] == ["$x^2$"]
    # The model's character stays where it wrote it, the formula's image where the formula was.
    assert f"Odd {PLACEHOLDER} character and \ufffc here." in view.document().toPlainText()
