"""Answer versions in the app: the switcher by mouse and keyboard, search hits, streams left behind."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.store import versions
from app.core.store.tree import MessageTree
from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.widgets.conversation_sidebar import SEARCH_DELAY_MS
from tests.helpers.app_harness import (
    await_future,
    click_action,
    click_transcript_text,
    finished_future,
    run_app,
    send_and_wait,
    transcript_text,
    wait_until,
)


def test_the_arrows_are_clicked_with_the_mouse_and_the_last_answer_steps_by_keyboard(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first, _ = await send_and_wait(desk, "Name a colour")
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        second = (await await_future(finished))[1]
        finished = finished_future(desk)
        click_action(desk, "regenerate", second)
        third = (await await_future(finished))[1]
        view = desk.window.transcript
        question = desk.store.list_messages(conversation_id)[0].id
        assert "‹ 3 / 3 ›" in transcript_text(desk)

        assert view.shown_ids() == [question, third]
        click_transcript_text(view, "‹")
        assert view.shown_ids() == [question, second]
        assert "‹ 2 / 3 ›" in transcript_text(desk)
        click_transcript_text(view, "‹")
        assert view.shown_ids() == [question, first]
        assert "‹ 1 / 3 ›" in transcript_text(desk)
        # At the first version "‹" is not a link any more.
        assert click_transcript_text(view, "‹") == ""
        assert view.shown_ids() == [question, first]

        # Ctrl+] and Ctrl+[ step through the last answer's versions wherever the focus is.
        desk.window.composer.editor.setFocus()
        QTest.keyClick(desk.window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        assert view.shown_ids() == [question, second]
        QTest.keyClick(desk.window, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
        assert view.shown_ids() == [question, first]
        # The arrow has a name, shown as its tooltip.
        arrow = view.document().find("›")
        assert arrow.charFormat().toolTip() == "Next version"
        assert arrow.charFormat().anchorHref().endswith(f"version-next/{first}")

        # The choice is remembered: reopening the conversation shows the same version.
        desk.window.sidebar.new_button.click()
        desk.window_controller.open_conversation(conversation_id)
        assert view.shown_ids() == [question, first]

    run_app(qloop, tmp_path, body, gateway)


def test_a_search_hit_in_another_version_opens_that_version(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, qtbot: QtBot
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, _, _ = await send_and_wait(desk, "How deep are tulip bulbs planted?")
        tulip_question = desk.store.list_messages(conversation_id)[0].id
        click_action(desk, "edit", tulip_question)
        await send_and_wait(desk, "How deep are rose roots?")
        assert "tulip" not in transcript_text(desk)
        desk.window.sidebar.new_button.click()
        desk.window.sidebar.new_button.click()
        assert desk.window_controller.current_conversation != conversation_id

        search = desk.window.sidebar.search
        desk.window.activateWindow()
        search.setFocus()
        qtbot.keyClicks(search, "tulip")
        await asyncio.sleep(SEARCH_DELAY_MS / 1000)
        await wait_until(
            lambda: desk.conversations.is_searching and desk.conversations.rowCount() == 1, what="the hit"
        )
        QTest.keyClick(search, Qt.Key.Key_Down)
        assert desk.window_controller.current_conversation == conversation_id
        shown = transcript_text(desk)
        assert "tulip" in shown and "rose" not in shown
        assert "‹ 1 / 2 ›" in shown
        assert desk.window.transcript.shown_ids()[0] == tulip_question

    run_app(qloop, tmp_path, body, gateway)


def test_a_stream_on_a_path_no_longer_shown_keeps_running_and_is_stored(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first, _ = await send_and_wait(desk, "Tell me a story")
        gateway.set_scenario(content.slow_chunks(0.3))
        started = signal_future(desk.chat.reply_started)
        first_text = signal_future(desk.chat.text_received)
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        live = (await await_future(started))[1]
        await await_future(first_text)
        view = desk.window.transcript
        question = desk.store.list_messages(conversation_id)[0].id

        click_action(desk, "version-previous", live)
        assert view.shown_ids() == [question, first]
        assert not view.streaming
        # Still streaming: Stop stays, the status line says so.
        assert desk.chat.is_streaming(conversation_id)
        assert desk.window.composer.stop_button.isVisible()
        await asyncio.sleep(0.5)
        assert view.shown_ids() == [question, first], "the stream came back into the shown path"

        # Back to the live version while it streams: it is shown live again, with what arrived so far.
        click_action(desk, "version-next", first)
        assert view.shown_ids() == [question, live]
        assert view.streaming
        click_action(desk, "version-previous", live)

        _, message_id, status = await await_future(finished)
        assert (message_id, status) == (live, "complete")
        stored = desk.store.get_message(live)
        assert stored is not None and stored.text == content.SAMPLE_TEXT
        assert view.shown_ids() == [question, first]
        assert desk.window.composer.send_button.isVisible()
        click_action(desk, "version-next", first)
        await wait_until(lambda: content.SAMPLE_TEXT.splitlines()[-1] in transcript_text(desk))

    run_app(qloop, tmp_path, body, gateway)


def test_deleting_a_version_deletes_what_follows_it_and_undo_brings_it_back(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first, _ = await send_and_wait(desk, "Question one")
        await send_and_wait(desk, "A follow-up under the first answer")
        old_path = desk.window.transcript.shown_ids()
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        second = (await await_future(finished))[1]
        click_action(desk, "version-previous", second)
        assert desk.window.transcript.shown_ids() == old_path

        click_action(desk, "delete-version", first)
        assert not [b for b in desk.window.findChildren(QMessageBox) if b.isVisible()], "nothing to confirm"
        assert desk.window.transcript.shown_ids() == [old_path[0], second]
        assert desk.store.get_message(first) is None and desk.store.get_message(old_path[2]) is None
        assert (
            desk.window.undo_bar.isVisible() and "Version deleted." in desk.window.undo_bar.text_label.text()
        )
        shown = transcript_text(desk)
        assert "follow-up" not in shown and "‹" not in shown  # one version left: no switcher

        desk.window.undo_bar.undo_button.click()
        assert desk.window.transcript.shown_ids() == old_path
        assert not desk.window.undo_bar.isVisible()
        assert "follow-up" in transcript_text(desk) and "‹ 1 / 2 ›" in transcript_text(desk)
        assert [m.id for m in desk.store.list_messages(conversation_id)] == old_path

    run_app(qloop, tmp_path, body, gateway)


def test_exports_keep_every_version_and_the_import_shows_the_same_one(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    every_version = tmp_path / "every.md"
    tree = tmp_path / "tree.json"

    async def body(desk: GeminiDesk) -> None:
        conversation_id, first, _ = await send_and_wait(desk, "Question with two answers")
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        second = (await await_future(finished))[1]
        click_action(desk, "version-previous", second)
        shown = desk.window.transcript.shown_ids()

        sidebar = desk.window.sidebar
        index = desk.conversations.index(desk.conversations.row_of(conversation_id))
        sidebar._show_menu(sidebar.list_view.visualRect(index).center())
        menu = sidebar.findChildren(QMenu)[-1]
        (action,) = [a for a in menu.actions() if a.text() == "Export as Markdown with every version…"]
        action.trigger()
        menu.close()
        dialog = desk.exports.dialog
        assert isinstance(dialog, QFileDialog) and dialog.isVisible()
        done = signal_future(desk.exports.export_finished)
        dialog.fileSelected.emit(str(every_version))
        await await_future(done)
        dialog.close()
        text = every_version.read_text(encoding="utf-8")
        assert "version 1 of 2" in text and "version 2 of 2" in text

        assert await desk.exports.export_to([conversation_id], "json", str(tree))
        # As if from another computer: without the stable id, the import is a new conversation, not a repeat.
        document = json.loads(tree.read_text(encoding="utf-8"))
        del document["conversations"][0]["uid"]
        tree.write_text(json.dumps(document), encoding="utf-8")
        imported = signal_future(desk.exports.import_finished)
        (new_id,) = await desk.exports.import_from(str(tree))
        await await_future(imported)
        assert desk.window_controller.current_conversation == new_id
        copy = desk.store.tree(new_id)
        assert len(copy.parents) == 3 and len(copy.versions(copy.selected_path()[-1])) == 2
        # The copy shows the version the original showed: the first answer.
        assert desk.window.transcript.shown_ids()[-1] == copy.versions(copy.selected_path()[-1])[0]
        assert "‹ 1 / 2 ›" in transcript_text(desk)
        assert shown[-1] == first

    run_app(qloop, tmp_path, body, gateway)


def test_export_all_offers_every_version_in_markdown_as_the_single_export_does(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    shown_only, every_version = tmp_path / "shown.md", tmp_path / "every.md"

    async def body(desk: GeminiDesk) -> None:
        _, first, _ = await send_and_wait(desk, "Question with two answers")
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        second = (await await_future(finished))[1]
        click_action(desk, "version-previous", second)
        desk.window_controller.actions.new_conversation()
        await send_and_wait(desk, "Another conversation")
        more = desk.window.sidebar.more_button.menu()
        assert more is not None
        for label, target in (
            ("Export all as Markdown…", shown_only),
            ("Export all as Markdown with every version…", every_version),
        ):
            (action,) = [a for a in more.actions() if a.text() == label]
            action.trigger()
            dialog = desk.exports.dialog
            assert isinstance(dialog, QFileDialog) and dialog.isVisible()
            done = signal_future(desk.exports.export_finished)
            dialog.fileSelected.emit(str(target))
            await await_future(done)
            dialog.close()
        every = every_version.read_text(encoding="utf-8")
        assert "Another conversation" in every and "Question with two answers" in every
        assert "version 1 of 2" in every and "version 2 of 2" in every
        shown = shown_only.read_text(encoding="utf-8")
        assert "Another conversation" in shown and "version 1 of 2" not in shown

    run_app(qloop, tmp_path, body, gateway)


def test_a_version_switch_reads_the_conversations_shape_once(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first, _ = await send_and_wait(desk, "Name a colour")
        finished = finished_future(desk)
        click_action(desk, "regenerate", first)
        second = (await await_future(finished))[1]
        view = desk.window.transcript
        reads: list[int] = []
        read_tree = versions.read_tree

        def counted(conn: sqlite3.Connection, conversation: int) -> MessageTree:
            reads.append(conversation)
            return read_tree(conn, conversation)

        monkeypatch.setattr(versions, "read_tree", counted)
        click_transcript_text(view, "‹")
        assert view.shown_ids()[-1] == first and "‹ 1 / 2 ›" in transcript_text(desk)
        QTest.keyClick(desk.window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        assert view.shown_ids()[-1] == second and "‹ 2 / 2 ›" in transcript_text(desk)
        # A 2,000-message conversation makes each read cost milliseconds: the choice's own read serves.
        assert reads == [conversation_id, conversation_id]
        # Past the last version the key changes nothing.
        QTest.keyClick(desk.window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        assert view.shown_ids()[-1] == second and "‹ 2 / 2 ›" in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway)
