"""An image the app refuses says why, offers no actions that would do nothing, and the status line shows
only real link targets, for as long as the pointer is on the link."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QUrl
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.qt.widgets.status_line import StatusLine
from app.qt.widgets.transcript_view import TranscriptView
from tests.helpers.image_bytes import png_header


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    widget = TranscriptView()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    return widget


def _anchors(view: TranscriptView) -> set[str]:
    found = set()
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            href = iterator.fragment().charFormat().anchorHref()
            if href:
                found.add(href)
            iterator += 1
        block = block.next()
    return found


def test_a_refused_image_says_it_is_too_large_and_offers_no_copy_or_save(
    qtbot: QtBot, view: TranscriptView
) -> None:
    with qtbot.waitSignal(view.images.ready, timeout=10_000):
        view.images.add_encoded("m1-p0", png_header(20_000, 20_000) + bytes(64))
        view.add_message(1, "model", "Here it is:\n\n![](gd-image:m1-p0)\n")
    qtbot.waitUntil(lambda: "20000×20000" in view.toPlainText(), timeout=10_000)
    assert "image too large: 20000×20000" in view.toPlainText()
    assert not any(href.startswith("gd-action:") and "m1-p0" in href for href in _anchors(view))
    assert view.images.copy("m1-p0") is False


def _move(view: TranscriptView, x: float, y: float) -> None:
    at = QPointF(x, y)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        at,
        at,
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), event)


def _hover_link(view: TranscriptView, text: str) -> None:
    cursor = view.document().find(text)
    assert not cursor.isNull()
    rect = view.cursorRect(cursor)
    _move(view, rect.left() - 4, rect.center().y())


def test_the_status_line_shows_a_links_target_only_while_the_pointer_is_on_it(
    qtbot: QtBot, view: TranscriptView
) -> None:
    status = StatusLine()
    qtbot.addWidget(status)
    view.highlighted.connect(status.show_link_target)
    view.add_message(1, "model", "See [the example site](https://example.com/) for more.\n")
    _hover_link(view, "example site")
    assert status.currentMessage() == "https://example.com/"
    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))  # straight off the view
    assert status.currentMessage() == ""
    _move(view, 1, 1)
    _hover_link(view, "example site")
    assert status.currentMessage() == "https://example.com/"
    view.clear_transcript()  # another conversation (Ctrl+N) while the pointer rests where the link was
    assert status.currentMessage() == ""


def test_the_apps_own_action_links_never_show_their_internal_address(qtbot: QtBot) -> None:
    status = StatusLine()
    qtbot.addWidget(status)
    for internal in ("gd-action:copy-image/m8-p0", "gd-action:copy-code/3/0", "gd-image:m8-p0"):
        status.show_link_target(QUrl(internal))
        assert status.currentMessage() == "", internal
    status.show_link_target(QUrl("https://example.com/a"))
    assert status.currentMessage() == "https://example.com/a"
