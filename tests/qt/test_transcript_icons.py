"""The transcript's interface icons (message marks, code blocks' copy icons) cost no text frame each.

Qt's HTML reader gives every ``<img>`` a text frame, and a shown text view pays for each frame of its
document on every later edit: a long answer would stream slower with every code block above it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextFormat
from pytestqt.qtbot import QtBot

from app.qt.widgets.transcript_view import TranscriptView
from app.render.icons import ICON_SCHEME
from tests.helpers.formula_document import image_fragments

BLOCKS = 12
ANSWER = "".join(f"Step {n}:\n\n```python\nprint({n})\n```\n\n" for n in range(BLOCKS))


def _icons(view: TranscriptView) -> list[tuple[int, str, str]]:
    """(position, image name, link) of every interface icon in the document."""
    return [
        (position, image.name(), str(image.property(QTextFormat.Property.AnchorHref) or ""))
        for position, image in image_fragments(view)
        if image.name().startswith(f"{ICON_SCHEME}:")
    ]


def test_a_streamed_answer_shows_each_code_blocks_copy_icon_without_a_frame(qtbot: QtBot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.begin_stream(7, "gemini-test")
    for start in range(0, len(ANSWER), 40):
        view.append_stream(ANSWER[start : start + 40])
        view.flush()
    view.end_stream()
    copies = [icon for icon in _icons(view) if icon[1].startswith(f"{ICON_SCHEME}:copy/")]
    assert [href for _, _, href in copies] == [f"gd-action:copy-code/7/{n}" for n in range(BLOCKS)]
    assert all(name.endswith("/16") for _, name, _ in copies)
    assert view.document().rootFrame().childFrames() == []  # no tables here, so no frame at all


def test_clicking_a_copy_icon_copies_its_code_block(qtbot: QtBot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    view.add_message(3, "model", "```python\nprint('first')\n```\n\n```python\nprint('second')\n```\n")
    position = next(pos for pos, _, href in _icons(view) if href == "gd-action:copy-code/3/1")
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    icon = view.cursorRect(cursor)
    QGuiApplication.clipboard().clear()
    # The cursor's rectangle is the image's left edge; the 16-pixel icon lies to its right.
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(icon.left() + 8, icon.center().y())
    )
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "print('second')", timeout=2000)
