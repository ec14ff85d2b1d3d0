"""Every conversation action the store refuses is explained, changes nothing on screen, and loses nothing.

``PRAGMA query_only`` makes SQLite refuse every write with SQLITE_READONLY, as a history file that became
read-only would; switching it off again is the user fixing the permissions. Each action below goes through
the path a user takes (the sidebar's signals, the model picker, the dialogs), not the store.
"""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.dialogs.conversation_settings import ConversationSettingsDialog
from tests.helpers.app_harness import (
    generation_requests,
    run_app,
    send_and_wait,
    transcript_text,
    type_and_send,
)

READ_ONLY = "The chat history cannot be written: the file or its folder is read-only"


def _make_read_only(desk: GeminiDesk, read_only: bool) -> None:
    desk.database.connection.execute(f"PRAGMA query_only = {'ON' if read_only else 'OFF'}")


def _take_storage_box(desk: GeminiDesk) -> str:
    """The text of the one visible storage error box, which is then closed; fails if there is none."""
    boxes = [b for b in desk.window.findChildren(QMessageBox, "storageError") if b.isVisible()]
    assert len(boxes) == 1, "the refusal was not explained"
    text = boxes[0].text()
    boxes[0].close()
    return text


def test_conversation_actions_on_a_read_only_history_are_explained_and_change_nothing(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        sidebar = window.sidebar
        model = sidebar.model
        conversation_id, _, status = await send_and_wait(desk, "first question")
        assert status == "complete"
        title = desk.store.get(conversation_id).title  # type: ignore[union-attr]
        rows = model.rowCount()
        _make_read_only(desk, True)

        assert desk.window_controller.actions.new_conversation() is None
        assert READ_ONLY in _take_storage_box(desk)
        assert model.rowCount() == rows and desk.window_controller.current_conversation == conversation_id

        index = model.index(model.row_of(conversation_id), 0)
        assert not model.setData(index, "A new name", Qt.ItemDataRole.EditRole)
        assert READ_ONLY in _take_storage_box(desk)
        assert model.data(index, Qt.ItemDataRole.DisplayRole) == title

        sidebar.pin_requested.emit(conversation_id, True)
        assert READ_ONLY in _take_storage_box(desk)
        assert not desk.store.get(conversation_id).pinned  # type: ignore[union-attr]

        sidebar.delete_requested.emit(conversation_id)
        assert READ_ONLY in _take_storage_box(desk)
        assert (
            model.row_of(conversation_id) == 0
            and desk.window_controller.current_conversation == conversation_id
        )
        assert "first question" in transcript_text(desk)

        window.model_picker.model_chosen.emit("gemini-2.5-pro")
        assert READ_ONLY in _take_storage_box(desk)

        desk.conversation_settings.open_settings()
        dialog = window.findChild(ConversationSettingsDialog)
        assert dialog is not None
        dialog.apply_button.click()
        assert READ_ONLY in dialog.notice_label.text()
        dialog.reject()

        # Sending refuses too, and keeps the prompt.
        type_and_send(desk, "second question")
        assert READ_ONLY in _take_storage_box(desk)
        assert window.composer.text() == "second question"

        # The history is writable again: everything works, nothing was lost.
        _make_read_only(desk, False)
        _, _, status = await send_and_wait(desk, window.composer.text())
        assert status == "complete"
        assert [m.text for m in desk.store.list_messages(conversation_id) if m.role == "user"] == [
            "first question",
            "second question",
        ]
        assert desk.window_controller.actions.new_conversation() is not None

    run_app(qloop, tmp_path, body, gateway)


def test_the_first_message_with_no_conversation_yet_is_kept_when_the_history_is_read_only(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        assert desk.window_controller.current_conversation is None
        _make_read_only(desk, True)
        type_and_send(desk, "hello there")
        assert READ_ONLY in _take_storage_box(desk)
        assert desk.window.composer.text() == "hello there"
        assert desk.window_controller.current_conversation is None
        assert not generation_requests(gateway)

        _make_read_only(desk, False)
        _, _, status = await send_and_wait(desk, desk.window.composer.text())
        assert status == "complete"

    run_app(qloop, tmp_path, body, gateway)
