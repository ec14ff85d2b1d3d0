"""What the user typed is never lost to an edit, a quit or a crash, and what they deleted does not linger."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import qasync

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.controllers.draft_keeper import DRAFT_SAVE_DELAY_MS
from tests.helpers.app_harness import (
    TIMEOUT,
    await_future,
    click_action,
    finished_future,
    generation_requests,
    run_app,
    send_and_wait,
    wait_until,
)

DATABASE = "gemini-desk.sqlite3"


def test_editing_a_sent_message_keeps_the_prompt_being_typed(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        conversation_id, _, _ = await send_and_wait(desk, "first question")
        first = desk.store.list_messages(conversation_id)[0]
        other = desk.window_controller.actions.new_conversation()
        assert other is not None
        desk.window_controller.open_conversation(conversation_id)

        # Esc leaves editing and gives the unsent prompt back.
        composer.set_text("a follow-up I am still writing")
        click_action(desk, "edit", first.id)
        assert composer.text() == "first question"
        desk.window.composer.stop_requested.emit()  # Esc
        assert composer.text() == "a follow-up I am still writing"

        # Switching away while editing keeps the unsent prompt as the draft, not the edited text or nothing.
        click_action(desk, "edit", first.id)
        desk.window_controller.open_conversation(other)
        assert desk.store.get(conversation_id).draft == "a follow-up I am still writing"  # type: ignore[union-attr]
        desk.window_controller.open_conversation(conversation_id)
        assert composer.text() == "a follow-up I am still writing"

        # Sending an edit brings the unsent prompt back into the composer.
        click_action(desk, "edit", first.id)
        _, _, status = await send_and_wait(desk, "edited question")
        assert status == "complete"
        assert desk.store.list_messages(conversation_id)[0].text == "edited question"
        assert composer.text() == "a follow-up I am still writing"
        assert desk.store.get(conversation_id).draft == "a follow-up I am still writing"  # type: ignore[union-attr]

    run_app(qloop, tmp_path, body, gateway)


def test_an_edit_sent_after_its_branch_was_left_shows_that_branch(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first_reply, _ = await send_and_wait(desk, "question one")
        await send_and_wait(desk, "question two")
        second_question = desk.store.list_messages(conversation_id)[2]
        click_action(desk, "edit", second_question.id)

        # Regenerating the first answer shows a new branch; the message being edited stays in the old one.
        _, new_reply, status = await send_and_wait_after(
            desk, lambda: click_action(desk, "regenerate", first_reply)
        )
        assert status == "complete"
        assert desk.window.transcript.shown_ids()[-1] == new_reply

        _, _, status = await send_and_wait(desk, "question two, reworded")
        assert status == "complete", "Send did nothing"
        shown = desk.store.list_messages(conversation_id)
        assert [m.text for m in shown if m.role == "user"] == ["question one", "question two, reworded"]
        assert shown[1].id == first_reply, "the edit is asked in the branch it was made in"
        assert desk.window.transcript.shown_ids() == [m.id for m in shown]
        contents = generation_requests(gateway)[-1].body["contents"]
        assert [c["role"] for c in contents] == ["user", "model", "user"]
        _, _, status = await send_and_wait(desk, "and one more")
        assert status == "complete", "Send stays stuck after the edit"

    run_app(qloop, tmp_path, body, gateway)


async def send_and_wait_after(desk: GeminiDesk, act: Callable[[], None]) -> tuple[int, int, str]:
    """Do ``act`` and wait for the reply it starts to finish."""
    finished = finished_future(desk)
    act()
    conversation_id, message_id, status = await await_future(finished)
    return int(conversation_id), int(message_id), str(status)


def test_the_draft_is_saved_while_typing_without_switching(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, _, _ = await send_and_wait(desk, "hello")
        desk.window.composer.editor.insertPlainText("typed, then the power went out")
        await wait_until(
            lambda: desk.store.get(conversation_id).draft == "typed, then the power went out",  # type: ignore[union-attr]
            DRAFT_SAVE_DELAY_MS / 1000 + 5,
            "the draft to be saved",
        )

    run_app(qloop, tmp_path, body, gateway)


def test_a_prompt_typed_before_the_first_conversation_survives_quitting(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def type_then_quit(desk: GeminiDesk) -> None:
        assert desk.window_controller.current_conversation is None
        desk.window.composer.set_text("an idea for my first question")

    async def come_back(desk: GeminiDesk) -> None:
        await wait_until(
            lambda: desk.window_controller.current_conversation is not None, TIMEOUT, "a conversation"
        )
        assert desk.window.composer.text() == "an idea for my first question"

    run_app(qloop, tmp_path, type_then_quit, gateway)
    run_app(qloop, tmp_path, come_back, gateway)


def test_a_conversation_deleted_just_before_quitting_leaves_no_trace_in_the_data_files(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    secret = "my-bank-password-is-hunter2"

    async def body(desk: GeminiDesk) -> None:
        conversation_id, _, _ = await send_and_wait(desk, secret)
        desk.window_controller.actions.new_conversation()
        desk.window.sidebar.delete_requested.emit(conversation_id)
        await asyncio.sleep(0.1)  # quit well inside the undo time

    run_app(qloop, tmp_path, body, gateway)
    database = Database.open(tmp_path / DATABASE)
    try:
        store = ConversationStore(database)
        assert all(secret not in m.text for cid in store.list_ids() for m in store.list_messages(cid))
        found = database.connection.execute("SELECT count(*) FROM conversations WHERE deleted_at IS NOT NULL")
        assert found.fetchone()[0] == 0
    finally:
        database.close()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), f"the deleted text is still readable in {path}"


def test_a_conversation_left_deleted_by_a_crash_is_purged_at_the_next_start(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    database = Database.open(tmp_path / DATABASE)
    store = ConversationStore(database)
    kept = store.create("kept", "gemini-2.5-flash", {})
    gone = store.create("gone", "gemini-2.5-flash", {})
    store.delete(gone.id)  # soft-deleted, and the session "crashed" before the purge
    database.close()

    async def body(desk: GeminiDesk) -> None:
        rows = desk.database.connection.execute("SELECT id FROM conversations").fetchall()
        assert [row[0] for row in rows] == [kept.id]

    run_app(qloop, tmp_path, body, gateway)


def test_the_composer_says_a_sent_message_is_being_edited_and_its_cross_cancels(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        banner = composer.editing_banner
        conversation_id, _, _ = await send_and_wait(desk, "first question")
        first = desk.store.list_messages(conversation_id)[0]
        assert not banner.isVisibleTo(composer)

        composer.set_text("a follow-up I am still writing")
        click_action(desk, "edit", first.id)
        assert banner.isVisibleTo(composer), "nothing in the composer says a sent message is being edited"
        banner.cancel_button.click()
        assert not banner.isVisibleTo(composer)
        assert composer.text() == "a follow-up I am still writing"
        assert desk.window_controller.drafts.editing_message is None

        click_action(desk, "edit", first.id)
        composer.stop_requested.emit()  # Esc
        assert not banner.isVisibleTo(composer)

        other = desk.window_controller.actions.new_conversation()
        assert other is not None
        composer.set_text("a draft elsewhere")  # (kept: an untouched new conversation is dropped when left)
        desk.window_controller.open_conversation(conversation_id)
        click_action(desk, "edit", first.id)
        desk.window_controller.open_conversation(other)
        assert not banner.isVisibleTo(composer), "the banner stayed on another conversation"

        desk.window_controller.open_conversation(conversation_id)
        click_action(desk, "edit", first.id)
        _, _, status = await send_and_wait(desk, "first question, reworded")
        assert status == "complete"
        assert not banner.isVisibleTo(composer)

    run_app(qloop, tmp_path, body, gateway)
