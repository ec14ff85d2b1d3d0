"""Without a system keyring: the history stays readable, and the key can be kept in a private file, but only
when the user asks for it; a status-bar indicator shows it while it is in use."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import qasync
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core.key_file import KEY_FILE_NAME
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text, wait_until

KEY = "sk-key-file-0123456789abcdef"


@pytest.fixture
def no_keyring() -> Iterator[KeyringBackend]:
    """No keyring at all (keyring's ``fail`` backend), as on a Linux machine without a Secret Service."""
    previous = keyring.get_keyring()
    backend = fail.Keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    with GatewayDouble(KEY) as double:
        yield double


def _history(data_dir: Path) -> None:
    db = Database.open(data_dir / "gemini-desk.sqlite3")
    store = ConversationStore(db)
    for title, text in (
        ("Older talk", "An older private answer"),
        ("Recipes", "Knead the dough for ten minutes"),
    ):
        conversation = store.create(title, "gemini-2.5-flash")
        store.add_message(conversation.id, "user", [{"text": "Question"}], "Question")
        store.add_message(conversation.id, "model", [{"text": text}], text)
    db.close()


def test_history_is_readable_without_a_keyring_and_the_key_file_is_an_explicit_choice(
    qloop: qasync.QEventLoop, tmp_path: Path, no_keyring: KeyringBackend, gateway: GatewayDouble
) -> None:
    _history(tmp_path)
    key_file = tmp_path / "config" / KEY_FILE_NAME

    async def first_run(desk: GeminiDesk) -> None:
        window = desk.window
        welcome = window.welcome
        await wait_until(lambda: window.pages.currentWidget() is welcome, what="the welcome page")
        assert window.sidebar.isEnabled(), "past conversations must stay readable without a key"
        assert not key_file.exists(), "never a silent fallback"
        view = window.sidebar.list_view
        rows = [view.model().index(r, 0) for r in range(view.model().rowCount())]
        other = next(i for i in rows if i != view.currentIndex())
        view.setCurrentIndex(other)
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the chat page")
        await wait_until(lambda: "Question" in transcript_text(desk), what="the transcript")

        window.show_welcome(True)
        await wait_until(lambda: welcome.key_file_button.isVisible(), what="the key-file offer")
        assert "less safe than a keyring" in welcome.key_file_button.text()
        welcome.key_field.line_edit.setText(KEY)
        QTest.mouseClick(welcome.key_file_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: desk.keys.state.source == "file", what="the key in the file")
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 or os.name != "posix"
        assert KEY in key_file.read_text(encoding="utf-8")
        indicator = window.status_line.key_file_label
        assert indicator.isVisible() and str(key_file) in indicator.toolTip()
        settings = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
        assert settings["key_storage"] == "file"
        _, _, status = await send_and_wait(desk, "Hello with the key from the file")
        assert status == "complete"

    run_app(qloop, tmp_path, first_run, environ={}, settings={"base_url": gateway.base_url})

    async def second_run(desk: GeminiDesk) -> None:
        await wait_until(lambda: desk.keys.state.source == "file", what="the key read from the file")
        assert desk.window.pages.currentWidget() is desk.window.chat_page
        assert desk.window.status_line.key_file_label.isVisible()
        await desk.keys.forget()
        assert not key_file.exists()
        await wait_until(lambda: not desk.window.status_line.key_file_label.isVisible(), what="no indicator")
        settings = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
        assert settings["key_storage"] == "keyring"

    run_app(qloop, tmp_path, second_run, environ={})
