"""A streamed frame repaints only what it uncovers, under the app's style sheet, as in the running app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QFrame
from pytestqt.qtbot import QtBot

from app.qt.render.palette import palette_for
from app.qt.style_sheet import style_sheet
from app.qt.widgets.transcript_view import TranscriptView


class PaintHeights(QObject):
    """Records the height of every paint event of the watched widget."""

    def __init__(self) -> None:
        super().__init__()
        self.heights: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.heights.append(event.rect().height())  # type: ignore[attr-defined]
        return False


@pytest.fixture
def styled_app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(style_sheet(palette_for(app.palette())))
    try:
        yield app
    finally:
        app.setStyleSheet(before)


def test_the_transcript_is_borderless(qtbot: QtBot, styled_app: QApplication) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    assert view.frameShape() == QFrame.Shape.NoFrame
    assert view.frameWidth() == 0


def test_a_streamed_frame_repaints_only_the_lines_it_uncovers(qtbot: QtBot, styled_app: QApplication) -> None:
    # A full repaint of the viewport on every frame was a third of the painting while a reply streamed: a
    # style-sheet rule for the view made Qt repaint instead of scrolling the pixels already drawn.
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.begin_stream(1, "gemini-test")
    view.append_stream("".join(f"Paragraph {n} of an answer that goes on.\n\n" for n in range(60)))
    view.flush()
    QApplication.processEvents()
    viewport = view.viewport()
    paints = PaintHeights()
    viewport.installEventFilter(paints)
    for n in range(12):
        view.append_stream(f"One more line, number {n}.\n\n")
        view.flush()
        QApplication.processEvents()  # the frame's paint, of the area Qt asks for
    viewport.removeEventFilter(paints)
    view.end_stream()
    assert paints.heights
    full = [height for height in paints.heights if height >= viewport.height()]
    assert len(full) <= len(paints.heights) // 4, paints.heights
