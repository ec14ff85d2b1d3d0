"""Several models answer one question at once, side by side, as versions; one failing disturbs no other."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QTextCursor, QTextTable
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from app.demo import content
from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.render.palette import palette_for
from app.qt.widgets.streamed_answer import StreamedAnswerView
from tests.helpers.app_harness import (
    TIMEOUT,
    await_future,
    generation_requests,
    press,
    run_app,
    transcript_text,
    type_and_send,
    wait_until,
)
from tests.helpers.formula_document import formula_images
from tests.helpers.shown_text import shows

FAST = "gemini-2.5-flash"
SLOW = "demo-scenario-slow-chunks"
FAILING = "demo-scenario-midstream-error-event"
SNIPPETS = "Two snippets:\n\n```python\nprint('one')\n```\n\nand\n\n```bash\necho two\n```\n"


def _finished(desk: GeminiDesk) -> dict[int, str]:
    """Reply id -> final status, filled as replies finish."""
    finished: dict[int, str] = {}
    desk.chat.reply_finished.connect(lambda _c, message_id, status: finished.__setitem__(message_id, status))
    return finished


def _column(desk: GeminiDesk, message_id: int) -> Any:
    column = desk.window.parallel_replies.column(message_id)
    assert column is not None
    return column


def test_three_models_answer_side_by_side_and_one_failing_mid_stream_disturbs_no_other(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        desk.window_controller.parallel.set_models([FAST, SLOW, FAILING])
        assert desk.window.compare_button.text() == "Ask 3 models"
        finished = _finished(desk)
        started = signal_future(desk.chat.several_started)
        type_and_send(desk, "Which colour is the sky?")
        conversation_id, replies = await await_future(started)
        assert list(replies.values()) == [FAST, SLOW, FAILING]
        view = desk.window.parallel_replies
        assert view.isVisible()
        names = [_column(desk, m).findChild(QLabel, "parallelReplyModel") for m in replies]
        assert [name.text() for name in names] == ["Gemini 2.5 Flash", SLOW, FAILING]  # the id in the tooltip
        assert [shows(name.toolTip()) for name in names] == [FAST, SLOW, FAILING]
        # Three columns in a small window: each card keeps its icon buttons whole, inside it and named.
        desk.window.resize(800, 600)
        await asyncio.sleep(0.1)
        for message_id in replies:
            card = _column(desk, message_id)
            for name in ("parallelReplyStop", "parallelReplyPick"):
                button = card.findChild(QToolButton, name)
                assert button.width() >= button.sizeHint().width(), f"{name} is cut off"
                assert card.rect().contains(button.geometry()), f"{name} is outside its card"
                assert button.accessibleName() and button.toolTip() and not button.icon().isNull()
        # All three stream at the same time: the slow one is still going when the others have ended.
        fast, slow, failing = list(replies)
        await wait_until(
            lambda: fast in finished and failing in finished, what="the fast and failing replies"
        )
        assert slow not in finished and desk.chat.is_streaming(conversation_id)
        assert finished[failing] == "error" and finished[fast] == "complete"
        assert "failed" in view.state_of(failing)
        # The first to finish is shown, with the other versions a click away.
        assert desk.window.transcript.shown_ids()[-1] == fast
        assert "‹ 1 / 3 ›" in transcript_text(desk)
        assert view.state_of(slow) == "Answering…"
        # The status line speaks of all three, and its tooltip of each one.
        state = desk.window.status_line.state_label
        assert re.fullmatch(
            r"3 models answering: 1 done, 1 (at [\d,]+ tokens|answering|waiting), 1 failed", state.text()
        )
        assert "Gemini 2.5 Flash: done, " in state.toolTip()
        assert f"{FAILING}: failed" in state.toolTip() and f"{SLOW}: " in state.toolTip()
        assert _column(desk, slow).findChild(QToolButton, "parallelReplyStop").isEnabled()
        assert not _column(desk, failing).findChild(QToolButton, "parallelReplyStop").isEnabled()

        await wait_until(lambda: slow in finished, timeout=TIMEOUT * 2, what="the slow reply")
        assert finished[slow] == "complete"
        assert state.text() == "3 models answered: 2 done, 1 failed."
        assert "first token" in desk.window.status_line.figures_label.text()  # the answer shown
        stored = desk.store.get_message(slow)
        assert stored is not None and stored.text == content.SAMPLE_TEXT, "the failure cut another answer"
        assert view.text_of(slow) == content.SAMPLE_TEXT
        assert "first token" in _column(desk, slow).findChild(QLabel, "parallelReplyFigures").text()
        assert desk.window.transcript.shown_ids()[-1] == fast, "a later finish replaced the first"
        assert desk.window.composer.send_button.isVisible()

        # Each model was asked the same question, with its own model in the path.
        requests = generation_requests(gateway)
        assert sorted(r.path.split("/")[-1].split(":")[0] for r in requests) == sorted([FAST, SLOW, FAILING])
        assert all(r.body["contents"] == requests[0].body["contents"] for r in requests)

        # The user picks the slow answer; the conversation goes on from it.
        _column(desk, slow).findChild(QToolButton, "parallelReplyPick").click()
        assert desk.window.transcript.shown_ids()[-1] == slow
        assert [m.id for m in desk.store.list_messages(conversation_id)][-1] == slow
        assert desk.store.get(conversation_id).model == FAST  # type: ignore[union-attr]

    run_app(qloop, tmp_path, body, gateway)


def test_stopping_one_of_several_answers_leaves_the_others_running(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        gateway.queue_scenarios(content.slow_chunks(0.3), content.slow_chunks(0.3))
        desk.window_controller.parallel.set_models([FAST, "gemini-2.5-pro"])
        finished = _finished(desk)
        started = signal_future(desk.chat.several_started)
        type_and_send(desk, "Two slow ones")
        _, replies = await await_future(started)
        first, second = list(replies)
        await asyncio.sleep(0.3)
        _column(desk, first).findChild(QToolButton, "parallelReplyStop").click()
        await wait_until(lambda: first in finished, what="the stopped reply")
        assert finished[first] == "stopped"
        assert second not in finished
        state = desk.window.status_line.state_label
        assert re.fullmatch(r"2 models answering: 1 (at [\d,]+ tokens|answering), 1 stopped", state.text())
        await wait_until(lambda: second in finished, timeout=TIMEOUT * 2, what="the other reply")
        assert finished[second] == "complete"
        assert desk.window.transcript.shown_ids()[-1] == second
        kept = desk.store.get_message(first)
        assert kept is not None and kept.status == "stopped"
        assert kept.text and content.SAMPLE_TEXT.startswith(kept.text) and kept.text != content.SAMPLE_TEXT
        assert "Stopped" in desk.window.parallel_replies.state_of(first)
        assert state.text() == "2 models answered: 1 done, 1 stopped."
        assert (
            "Gemini 2.5 Flash: stopped, " in state.toolTip() and "Gemini 2.5 Pro: done, " in state.toolTip()
        )

    run_app(qloop, tmp_path, body, gateway)


def test_the_side_by_side_answers_render_markdown_while_they_stream(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    slow_markdown = dataclasses.replace(content.long_markdown(), chunk_delay=0.05)

    async def body(desk: GeminiDesk) -> None:
        gateway.queue_scenarios(slow_markdown, slow_markdown)
        desk.window_controller.parallel.set_models([FAST, "gemini-2.5-pro"])
        started = signal_future(desk.chat.several_started)
        type_and_send(desk, "Two long answers")
        _, replies = await await_future(started)
        first = next(iter(replies))
        view = desk.window.parallel_replies
        shown = _column(desk, first).findChild(StreamedAnswerView, "parallelReplyBody")
        assert shown is not None
        # Mid-stream: the sections so far are rendered (a heading, a table, bold), not shown as Markdown.
        await wait_until(lambda: "## 3." in view.text_of(first), what="three sections")
        assert desk.chat.is_streaming(desk.window_controller.current_conversation or 0)
        await wait_until(lambda: "Section 2" in shown.toPlainText(), what="a frame")
        text = shown.toPlainText()
        assert "## " not in text and "**" not in text and "|---|" not in text
        assert "粗体" in text
        html = shown.toHtml()
        assert "font-weight:700" in html or "font-weight:600" in html
        tables = [f for f in shown.document().rootFrame().childFrames() if isinstance(f, QTextTable)]
        assert tables, "the tables are tables"
        await wait_until(lambda: not desk.chat.is_streaming(desk.window_controller.current_conversation or 0))
        final = shown.toPlainText()
        assert "全文完" in final and "```" not in final
        assert view.text_of(first) == content.long_markdown_text()
        # The transcript shows the answer it follows as it streamed and ended, not as an empty, cut-off one.
        await wait_until(lambda: "全文完" in transcript_text(desk), what="the chosen answer")
        assert "interrupted" not in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway, timeout=120)


def test_a_code_block_in_a_column_copies_by_click_and_by_keyboard_as_in_the_conversation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    snippets = Scenario("snippets", chunks=text_stream(SNIPPETS))

    async def body(desk: GeminiDesk) -> None:
        gateway.queue_scenarios(snippets, snippets)
        desk.window_controller.parallel.set_models([FAST, "gemini-2.5-pro"])
        finished = _finished(desk)
        started = signal_future(desk.chat.several_started)
        type_and_send(desk, "Two snippets each")
        _, replies = await await_future(started)
        first, second = list(replies)
        await wait_until(lambda: first in finished and second in finished, what="both answers")
        column = _column(desk, second)
        view = column.findChild(StreamedAnswerView, "parallelReplyBody")
        assert isinstance(view, StreamedAnswerView)

        # A click on the second block's Copy: its code, and "Copied" next to it and in the status line.
        copies = [view.document().find("Copy", 0)]
        copies.append(view.document().find("Copy", copies[0]))
        assert not copies[1].isNull(), "the column's code blocks have no Copy"
        link = QTextCursor(view.document())
        link.setPosition(copies[1].selectionStart() + 1)
        QGuiApplication.clipboard().setText("before")
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(link).center())
        await wait_until(lambda: QGuiApplication.clipboard().text() == "echo two", what="the copied code")
        assert view.copied_note.isVisible() and view.copied_note.text() == "Copied"
        assert desk.window.status_line.currentMessage() == "Copied"

        # The keyboard: Tab from the column's buttons into the answer, Tab to the first Copy (ringed, named),
        # Enter copies it.
        pick = column.findChild(QToolButton, "parallelReplyPick")
        await press(desk, pick, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is view
        before = view.viewport().grab().toImage()
        QTest.keyClick(view, Qt.Key.Key_Tab)
        await asyncio.sleep(0.05)
        assert view.accessibleDescription() == "Copy code block 1 of 2 · python"
        after = view.viewport().grab().toImage()
        focus = QColor(palette_for(view.palette()).focus).rgb()
        rings = [
            sum(image.pixel(x, y) == focus for x in range(image.width()) for y in range(image.height()))
            for image in (before, after)
        ]
        assert rings[1] > rings[0] + 20, "no focus ring on the column's Copy"
        QTest.keyClick(view, Qt.Key.Key_Return)
        await wait_until(lambda: QGuiApplication.clipboard().text() == "print('one')", what="the first block")

    run_app(qloop, tmp_path, body, gateway)


def test_formulas_in_side_by_side_answers_show_as_formulas_once_typeset(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        desk.window_controller.parallel.set_models([FAST, "gemini-2.5-pro"])
        finished = _finished(desk)
        started = signal_future(desk.chat.several_started)
        type_and_send(desk, "/math")
        _, replies = await await_future(started)
        await wait_until(lambda: set(replies) <= set(finished), what="both answers")
        for message_id in replies:
            shown = _column(desk, message_id).findChild(StreamedAnswerView, "parallelReplyBody")
            assert isinstance(shown, StreamedAnswerView)
            view: StreamedAnswerView = shown

            def typeset(view: StreamedAnswerView = view) -> bool:
                return len(formula_images(view)) >= 10

            # The first answer to end used to keep every formula as its LaTeX source for good.
            await wait_until(typeset, what="the formulas typeset", timeout=60)
            assert "\\int_{-\\infty}" not in view.toPlainText()

    run_app(qloop, tmp_path, body, gateway, timeout=120)
