"""Answers still arriving on a version the user is not looking at: where they land and how they are shown."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.models.conversation_list_model import ConversationRole
from tests.helpers.app_harness import (
    await_future,
    click_action,
    finished_future,
    run_app,
    send_and_wait,
    transcript_text,
    type_and_send,
    wait_until,
)

WAIT = 60.0  # the demo's MCP server is a new Python process: generous on a loaded machine
MARK = "●"  # beside "‹ n / m ›" while a version not shown is still answering


def _answering_in_sidebar(desk: GeminiDesk, conversation_id: int) -> bool:
    model = desk.conversations
    index = model.index(model.row_of(conversation_id))
    answering = "answering" in str(model.data(index, Qt.ItemDataRole.AccessibleTextRole))
    return bool(model.data(index, ConversationRole.Streaming)) and answering


def test_a_tool_loop_left_behind_goes_on_in_its_own_version_and_the_switcher_says_so(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        card, view = window.tool_approval, window.transcript
        await wait_until(lambda: window.tools_button.isVisible(), what="the tools button")
        type_and_send(desk, "/tools")
        await wait_until(card.isVisible, WAIT, "the approval card")
        conversation_id = desk.window_controller.current_conversation
        assert conversation_id is not None
        QTest.mouseClick(card.buttons["deny"], Qt.MouseButton.LeftButton)
        await wait_until(lambda: not desk.chat.is_streaming(conversation_id), WAIT)
        first_path = view.shown_ids()  # question, the turn calling the tool, its result, the answer
        question, first_turn = first_path[:2]

        started = signal_future(desk.chat.reply_started)
        click_action(desk, "regenerate", first_turn)
        new_turn = (await await_future(started))[1]
        await wait_until(card.isVisible, WAIT, "the card for the new version")
        # The user goes back to the first version while the new one waits for the tool.
        click_action(desk, "version-previous", new_turn)
        assert view.shown_ids() == first_path
        assert MARK in transcript_text(desk)
        mark = view.document().find(MARK)
        assert mark.charFormat().toolTip() == "Another version is still answering"
        assert _answering_in_sidebar(desk, conversation_id)

        QTest.mouseClick(card.buttons["once"], Qt.MouseButton.LeftButton)
        await wait_until(lambda: not desk.chat.is_streaming(conversation_id), WAIT, "the loop to end")
        # Nothing of the loop landed in what the user looks at, and nothing streamed there.
        assert view.shown_ids() == first_path
        assert not view.streaming
        assert MARK not in transcript_text(desk)
        assert not _answering_in_sidebar(desk, conversation_id)
        tree = desk.store.tree(conversation_id)
        assert tree.selected_path() == first_path
        result, answer = tree.path_below(new_turn)
        assert tree.ancestry(answer) == [question, new_turn, result, answer]
        stored = desk.store.get_message(answer)
        assert stored is not None and stored.status == "complete" and "It is **" in stored.text
        # Going to the new version shows the whole loop.
        click_action(desk, "version-next", first_turn)
        assert view.shown_ids() == [question, new_turn, result, answer]
        assert "Result of demo/get_time" in transcript_text(desk)

    run_app(qloop, tmp_path, body, demo=True, timeout=180)


def test_a_hidden_stream_marks_the_switcher_and_the_sidebar_until_it_ends(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first, _ = await send_and_wait(desk, "Tell me a story")
        await send_and_wait(desk, "And another one")
        view = desk.window.transcript
        old_path = view.shown_ids()
        gateway.set_scenario(content.slow_chunks(0.2))
        started = signal_future(desk.chat.reply_started)
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        live = (await await_future(started))[1]
        assert MARK not in transcript_text(desk)  # the stream is the version shown
        click_action(desk, "version-previous", live)
        assert view.shown_ids() == old_path
        assert MARK in transcript_text(desk)
        # The mark sits on the switcher of the first answer, the fork leading to the stream.
        assert f"version-next/{first}" in view.toHtml()
        assert _answering_in_sidebar(desk, conversation_id)

        _, message_id, status = await await_future(finished)
        assert (message_id, status) == (live, "complete")
        assert MARK not in transcript_text(desk)
        assert view.shown_ids() == old_path
        assert not _answering_in_sidebar(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway)


def test_the_first_of_several_answers_to_finish_does_not_take_the_user_off_the_path_they_chose(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first, _ = await send_and_wait(desk, "Question one")
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        second = (await await_future(finished))[1]
        view = desk.window.transcript
        question = view.shown_ids()[0]
        gateway.set_scenario(content.slow_chunks(0.2))
        desk.window_controller.parallel.set_models(["gemini-2.5-flash", "gemini-2.5-pro"])
        several = signal_future(desk.chat.several_started)
        type_and_send(desk, "Question two, for two models")
        await await_future(several)
        # While both answer below the second version, the user goes back to the first one.
        click_action(desk, "version-previous", second)
        assert view.shown_ids() == [question, first]
        assert MARK in transcript_text(desk)
        await wait_until(lambda: not desk.chat.is_streaming(conversation_id), WAIT, "both answers")
        assert view.shown_ids() == [question, first]
        assert desk.store.tree(conversation_id).selected_path() == [question, first]
        assert MARK not in transcript_text(desk)
        # The question's fork shows the first to finish: going back to the second version shows it.
        click_action(desk, "version-next", first)
        path = view.shown_ids()
        assert path[:2] == [question, second] and len(path) == 4
        assert "Question two" in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway)


def test_the_regenerate_shortcut_asks_again_for_the_last_answer_shown_not_a_hidden_stream(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        _, first, _ = await send_and_wait(desk, "Question one")
        await send_and_wait(desk, "Question two")
        view = desk.window.transcript
        shown = view.shown_ids()
        gateway.set_scenario(content.slow_chunks(0.2))
        started = signal_future(desk.chat.reply_started)
        click_action(desk, "regenerate", first)
        hidden = (await await_future(started))[1]
        click_action(desk, "version-previous", hidden)
        assert view.shown_ids() == shown
        gateway.set_scenario(None)
        started = signal_future(desk.chat.reply_started)
        QTest.keyClick(desk.window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        again = (await await_future(started))[1]
        message = desk.store.get_message(again)
        # A new version of the last answer shown (below the second question), not of the hidden stream.
        assert message is not None and message.parent_id == shown[2]

    run_app(qloop, tmp_path, body, gateway)
