"""The keyboard reaches a message's own controls: each code block's Copy, an image's Open, Copy and Save, an
error's Retry, and the "Show earlier messages" line, with a visible ring and a spoken name."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.demo import failures
from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.render.palette import palette_for
from app.qt.widgets.image_viewer import ImageViewer
from app.qt.widgets.transcript_view import TranscriptView
from tests.helpers.app_harness import (
    await_future,
    finished_future,
    generation_requests,
    press,
    run_app,
    send_and_wait,
    wait_until,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SNIPPETS = (
    "Two snippets:\n\n```python\nprint('one')\n```\n\nand a shell line:\n\n```bash\necho two\n```\n\nDone."
)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


async def key(widget: QWidget | None, which: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
    assert widget is not None
    QTest.keyClick(widget, which, modifiers or Qt.KeyboardModifier.NoModifier)
    await asyncio.sleep(0.03)


def ring_pixels(view: TranscriptView, band: QRect) -> int:
    """How many pixels of the focus colour the transcript shows inside ``band`` (viewport coordinates)."""
    image = view.viewport().grab().toImage()
    focus = QColor(palette_for(view.palette()).focus).rgb()
    ratio = image.devicePixelRatio()
    return sum(
        1
        for y in range(max(0, round(band.top() * ratio)), min(image.height(), round(band.bottom() * ratio)))
        for x in range(max(0, round(band.left() * ratio)), min(image.width(), round(band.right() * ratio)), 2)
        if image.pixel(x, y) == focus
    )


def line_of(view: TranscriptView, text: str) -> QRect:
    """The viewport rectangle of the line showing ``text``."""
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart())
    return view.cursorRect(cursor)


def test_tab_goes_from_the_answers_buttons_to_each_code_blocks_copy_and_enter_copies_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(Scenario("snippets", chunks=text_stream(SNIPPETS)))

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await send_and_wait(desk, "Show me two snippets")
        transcript, focus = window.transcript, window.transcript.message_focus
        bar = focus.bar
        answer = transcript.shown_ids()[-1]
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        assert focused() is transcript and focus.current == answer
        # Past the bar's buttons, Tab rests on the first code block's Copy: ringed and named.
        await key(transcript, Qt.Key.Key_Tab)
        assert focused() is bar.buttons["copy-message"]
        await key(focused(), Qt.Key.Key_Tab)
        assert focused() is bar.buttons["regenerate"]
        code_line = line_of(transcript, "print('one')")
        # The code block's header bar, left of the column's edges (where the message's own ring runs).
        header = QRect(
            code_line.left() + 10, code_line.top() - 3 * code_line.height(), 300, 3 * code_line.height()
        )
        before = ring_pixels(transcript, header)
        await key(focused(), Qt.Key.Key_Tab)
        assert focused() is transcript and focus.stop is not None
        assert focus.stop.name == "Copy code block 1 of 2 · python"
        assert transcript.accessibleName().endswith("Copy code block 1 of 2 · python")
        assert "message 2 of 2" in transcript.accessibleName()
        assert transcript.accessibleDescription() == "print('one')"
        await asyncio.sleep(0.05)
        assert ring_pixels(transcript, header) > before + 20, "no focus ring on the code block's Copy"

        # Enter copies that block (not the message), Space too; Ctrl+C on the next block copies that one.
        QGuiApplication.clipboard().setText("before")
        await key(transcript, Qt.Key.Key_Return)
        assert QGuiApplication.clipboard().text() == "print('one')"
        await key(transcript, Qt.Key.Key_Tab)
        assert focus.stop is not None and focus.stop.name == "Copy code block 2 of 2 · bash"
        await key(transcript, Qt.Key.Key_C, CTRL)
        assert QGuiApplication.clipboard().text() == "echo two"
        QGuiApplication.clipboard().setText("before")
        await key(transcript, Qt.Key.Key_Space)
        assert QGuiApplication.clipboard().text() == "echo two"

        # Shift+Tab walks back: the first block, then the bar's last button; Esc goes back to the message.
        await key(transcript, Qt.Key.Key_Backtab)
        assert focus.stop is not None and focus.stop.name.startswith("Copy code block 1 of 2")
        await key(transcript, Qt.Key.Key_Backtab)
        assert focused() is bar.buttons["regenerate"] and focus.stop is None
        await key(focused(), Qt.Key.Key_Tab)
        assert focus.stop is not None
        await key(transcript, Qt.Key.Key_Escape)
        assert focused() is transcript and focus.stop is None and focus.current == answer
        assert "Copy code block" not in transcript.accessibleName()

        # Copy, Regenerate, the two blocks; Tab from the last block leaves for the message box.
        for _ in range(4):
            await key(focused(), Qt.Key.Key_Tab)
        assert focus.stop is not None and focus.stop.name.startswith("Copy code block 2 of 2")
        await key(focused(), Qt.Key.Key_Tab)
        assert focused() is window.composer.editor

    run_app(qloop, tmp_path, body, gateway)


def test_an_errors_retry_is_reached_by_tab_and_enter_asks_again(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(failures.midstream_error_event())

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        _, reply, status = await send_and_wait(desk, "This one fails")
        assert status == "error"
        transcript, focus = window.transcript, window.transcript.message_focus
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        assert focus.current == reply
        while focus.stop is None:
            await key(focused(), Qt.Key.Key_Tab)
            assert focused() is not window.composer.editor, "Tab never reached Retry"
        assert focus.stop.name == "Retry: ask for this answer again"
        assert transcript.accessibleName().endswith("Retry: ask for this answer again")
        retry_line = line_of(transcript, "Retry")
        band = QRect(retry_line.left() - 20, retry_line.top() - 8, 200, retry_line.height() + 16)
        assert ring_pixels(transcript, band) > 20, "no focus ring on Retry"
        asked = len(generation_requests(gateway))
        gateway.set_scenario(None)
        finished = finished_future(desk)
        await key(transcript, Qt.Key.Key_Return)
        await await_future(finished)
        assert len(generation_requests(gateway)) == asked + 1

    run_app(qloop, tmp_path, body, gateway)


def test_up_from_the_first_message_rests_on_show_earlier_messages_and_enter_shows_them(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    database = Database.open(tmp_path / "gemini-desk.sqlite3")
    try:
        store = ConversationStore(database)
        conversation = store.create("Long", "gemini-2.5-flash").id
        for number in range(1, 121):
            text = f"Message number {number}."
            store.add_message(conversation, "user" if number % 2 else "model", [{"text": text}], text)
    finally:
        database.close()

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        desk.window_controller.open_conversation(conversation)
        transcript, focus = window.transcript, window.transcript.message_focus
        earlier = transcript.earlier_count
        assert earlier > 0
        first_shown = transcript.shown_ids()[earlier]
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        while focus.current != first_shown:
            await key(transcript, Qt.Key.Key_Up)
        assert transcript.earlier_count == earlier  # reaching the first message loads nothing yet

        # Up once more rests on the line: ringed, named with the count, and it stays (no loading by itself).
        await key(transcript, Qt.Key.Key_Up)
        assert focus.stop is not None and focus.stop.name == f"Show earlier messages ({earlier} more)"
        assert transcript.accessibleName().endswith(f"Show earlier messages ({earlier} more)")
        assert not focus.bar.isVisible()
        await asyncio.sleep(0.1)
        assert transcript.earlier_count == earlier
        line = line_of(transcript, "Show earlier messages")
        assert ring_pixels(transcript, line.adjusted(-200, -8, 400, 8)) > 20, "no ring on the line"

        # Down goes back to the first message; Up and Enter show the earlier page, on its last message.
        await key(transcript, Qt.Key.Key_Down)
        assert focus.stop is None and focus.current == first_shown
        await key(transcript, Qt.Key.Key_Up)
        await key(transcript, Qt.Key.Key_Return)
        assert transcript.earlier_count < earlier
        ids = transcript.shown_ids()
        assert focus.current == ids[ids.index(first_shown) - 1] and focus.stop is None

    run_app(qloop, tmp_path, body, gateway)


def test_an_answers_image_is_opened_and_copied_from_the_keyboard(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("image")

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        _, reply, _ = await send_and_wait(desk, "Draw noise", timeout=20)
        transcript, focus = window.transcript, window.transcript.message_focus
        await wait_until(
            lambda: transcript.images.image(f"m{reply}-p1") is not None, what="the decoded image"
        )
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        assert focus.current == reply
        names: list[str] = []
        while focused() is not window.composer.editor and len(names) < 10:
            await key(focused(), Qt.Key.Key_Tab)
            if focus.stop is not None:
                names.append(focus.stop.name)
        assert names == ["Open image 1", "Copy image 1", "Save image 1…"]

        # Shift+Tab from the message box comes back to the answer; Tab again to "Copy image 1": Enter puts the
        # image itself on the clipboard.
        await key(focused(), Qt.Key.Key_Backtab)
        assert focused() is transcript and focus.current == reply
        while focus.stop is None or focus.stop.name != "Copy image 1":
            await key(focused(), Qt.Key.Key_Tab)
            assert focused() is not window.composer.editor
        QGuiApplication.clipboard().clear()
        await key(transcript, Qt.Key.Key_Return)
        shown = transcript.images.image(f"m{reply}-p1")
        assert shown is not None and QGuiApplication.clipboard().image().size() == shown.size()
        # "Open image 1": Enter opens the viewer.
        await key(transcript, Qt.Key.Key_Backtab)
        assert focus.stop is not None and focus.stop.name == "Open image 1"
        await key(transcript, Qt.Key.Key_Return)
        viewers = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImageViewer) and w.isVisible()]
        assert len(viewers) == 1
        viewers[0].close()

    run_app(qloop, tmp_path, body, gateway, timeout=40)
