"""The look: a centred reading column, the user's bubble, icon actions with tooltips, a growing composer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QFontMetricsF, QImage, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.qt.render.palette import palette_for
from app.qt.theme import ThemeController
from app.qt.widgets.composer import Composer
from app.qt.widgets.transcript_view import TranscriptView
from app.render.design import COMPOSER_MAX_LINES, READING_WIDTH
from app.render.palette import LIGHT, relative_luminance

PROSE = "A sentence long enough to fill a line of the column several times over. " * 12


def _transcript(qtbot: QtBot, width: int) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(width, 700)
    view.show()
    qtbot.waitExposed(view)
    view.add_message(1, "user", "Hello there")
    view.add_message(2, "model", PROSE, header="gemini-test · 10:42")
    return view


def _widest_line(view: TranscriptView) -> float:
    widest = 0.0
    block = view.document().begin()
    while block.isValid():
        layout = block.layout()
        for index in range(layout.lineCount()):
            widest = max(widest, layout.lineAt(index).width())
        block = block.next()
    return widest


def test_prose_stays_in_a_centred_column_on_a_wide_window(qtbot: QtBot) -> None:
    view = _transcript(qtbot, 1600)
    assert READING_WIDTH - 40 <= _widest_line(view) <= 900
    body = QTextCursor(view.document())
    body.setPosition(view.document().find("A sentence long enough").selectionStart())
    rect = view.cursorRect(body)
    left = rect.left()
    right_gap = view.viewport().width() - (left + _widest_line(view))
    assert abs(left - right_gap) < 40, (left, right_gap)  # centred


def test_a_narrow_window_uses_its_whole_width(qtbot: QtBot) -> None:
    view = _transcript(qtbot, 600)
    assert _widest_line(view) > view.viewport().width() - 80


def test_the_users_message_sits_on_a_tinted_bubble_at_the_right(qtbot: QtBot) -> None:
    view = _transcript(qtbot, 1200)
    found = view.document().find("Hello there")
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart())
    text_left = view.cursorRect(cursor).left()
    assert text_left > view.viewport().width() / 2  # right-aligned
    image: QImage = view.viewport().grab().toImage()
    inside = image.pixelColor(QPoint(text_left - 4, view.cursorRect(cursor).center().y()))
    assert inside.name() == LIGHT.user_bubble


def _hover(view: TranscriptView, qtbot: QtBot, text: str) -> None:
    found = view.document().find(text)
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart())
    QTest.mouseMove(view.viewport(), view.cursorRect(cursor).center())
    qtbot.wait(20)


def test_actions_are_icon_buttons_with_tooltips_shown_on_hover_only(qtbot: QtBot) -> None:
    view = _transcript(qtbot, 1000)
    bar = view.message_focus.bar
    # Nothing in the text: no row of words, no icons; nothing shows while the pointer is elsewhere.
    assert "gd-action:copy-message" not in view.toHtml() and "gd-action:edit" not in view.toHtml()
    assert not bar.isVisible()
    _hover(view, qtbot, "A sentence long enough")
    assert bar.isVisible()
    shown = {button.objectName(): button for button in bar.shown_buttons()}
    assert set(shown) == {"messageCopyButton", "messageRegenerateButton"}
    assert {b.toolTip() for b in shown.values()} == {"Copy", "Regenerate"}
    assert all(b.accessibleName() and b.accessibleDescription() for b in shown.values())
    assert all(not b.text() for b in shown.values()) and all(not b.icon().isNull() for b in shown.values())
    # Its bar sits on the answer's header line, at the right of the column, over no text.
    header = view.document().find("gemini-test")
    cursor = QTextCursor(header)
    assert abs(bar.geometry().center().y() - view.cursorRect(cursor).center().y()) <= 6
    assert bar.geometry().left() > view.cursorRect(cursor).right()

    _hover(view, qtbot, "Hello there")  # the question: Copy and Edit, the pencil asks to edit it
    shown = {button.objectName(): button for button in bar.shown_buttons()}
    assert set(shown) == {"messageCopyButton", "messageEditButton"}
    with qtbot.waitSignal(view.edit_requested, timeout=2000) as edit:
        shown["messageEditButton"].click()
    assert edit.args == [1]

    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))  # the pointer leaves the transcript
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2000)


def test_the_composer_grows_with_its_text_up_to_ten_lines(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.resize(700, 300)
    composer.show()
    one = composer.editor.height()
    composer.set_text("line\n" * 4)
    five = composer.editor.height()
    composer.set_text("line\n" * 30)
    tall = composer.editor.height()
    composer.set_text("\n".join(["line"] * COMPOSER_MAX_LINES))
    ten = composer.editor.height()
    line = QFontMetricsF(composer.editor.font()).height()  # about what each laid-out line adds
    assert five >= one + 4 * line - 1
    assert tall == ten >= one + (COMPOSER_MAX_LINES - 1) * line - 1
    composer.set_text("")
    assert composer.editor.height() == one


def test_the_composer_fits_lines_taller_than_its_font(qtbot: QtBot) -> None:
    """Chinese (a fallback font, taller than the UI font's lines) shows whole, with no scroll bar, up to 10
    lines; then the prompt scrolls."""
    composer = Composer()
    qtbot.addWidget(composer)
    composer.resize(700, 400)
    composer.show()
    scroll = composer.editor.verticalScrollBar()
    for lines in (3, COMPOSER_MAX_LINES):
        composer.set_text("\n".join(["第三行 with more text 中文"] * lines))
        qtbot.waitUntil(lambda: scroll.maximum() == 0, timeout=2000)
    composer.set_text("\n".join(["第三行 with more text 中文"] * (COMPOSER_MAX_LINES + 2)))
    qtbot.waitUntil(lambda: scroll.maximum() > 0, timeout=2000)


def _bubble_right_gap(view: TranscriptView) -> int:
    """Pixels between the right edge of the user's bubble and the right edge of the viewport."""
    found = view.document().find("Hello there")
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart())
    y = view.cursorRect(cursor).center().y()
    image: QImage = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    row = round(y * ratio)
    right = max(x for x in range(image.width()) if image.pixelColor(x, row).name() == LIGHT.user_bubble)
    return round((image.width() - 1 - right) / ratio)


def test_the_users_bubble_keeps_clear_of_the_window_edge_when_the_column_fills_the_width(
    qtbot: QtBot,
) -> None:
    # 1100 and 800 px windows leave about 800 and 780 px for the transcript: narrower than the column's cap.
    for width in (820, 780, 600):
        view = _transcript(qtbot, width)
        assert _bubble_right_gap(view) >= 14, width


@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_a_disabled_send_looks_disabled(name: str, theme: ThemeController, qtbot: QtBot) -> None:
    """Greyed with nothing to send: a fill of its own, never the brightest thing in a dark composer (in high
    contrast it was a white button, the look of an enabled one)."""
    theme.apply(name)
    composer = Composer()
    qtbot.addWidget(composer)
    composer.resize(600, 200)
    composer.show()
    qtbot.waitExposed(composer)
    send = composer.send_button

    def fill() -> str:
        image = send.grab().toImage()
        return str(image.pixelColor(round(5 * image.devicePixelRatio()), image.height() // 2).name())

    assert not send.isEnabled()
    disabled = fill()
    composer.set_text("something to send")
    assert send.isEnabled()
    assert fill() != disabled
    if palette_for(composer.palette()).dark:
        assert relative_luminance(disabled) < 0.2, f"a disabled Send filled with {disabled} in {name}"
