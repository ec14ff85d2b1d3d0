"""Steps of the key and gateway set-up as a user takes them: keyrings to use, the welcome page, Settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import keyring
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.qt.dialogs.settings_dialog import SettingsDialog
from tests.helpers.app_harness import wait_until

if TYPE_CHECKING:
    from app.main import GeminiDesk


@contextmanager
def use_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make ``backend`` the keyring every ``KeyStore()`` of the app picks, then restore the previous one."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


async def start_with_session_key(desk: GeminiDesk, key: str) -> None:
    """On the welcome page (no keyring), type ``key`` and choose "Use this key for this session only"."""
    window = desk.window
    await wait_until(lambda: window.pages.currentWidget() is window.welcome, what="the welcome page")
    window.welcome.key_field.set_key(key)
    window.welcome.session_button.click()
    await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the chat page")


def open_settings(desk: GeminiDesk) -> SettingsDialog:
    """Click the Settings button and return the dialog it opens."""
    desk.window.settings_button.click()
    dialog = desk.window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


async def shown_box(desk: GeminiDesk, name: str) -> QMessageBox:
    """Wait for the visible message box named ``name`` anywhere in the window."""

    def find() -> QMessageBox | None:
        boxes = [b for b in desk.window.findChildren(QMessageBox, name) if b.isVisible()]
        return boxes[0] if boxes else None

    await wait_until(find, what=f"the message box {name}")
    box = find()
    assert box is not None
    return box


def box_button(box: QMessageBox, name: str) -> QPushButton:
    """The button named ``name`` of ``box`` (fails if it has none)."""
    button = box.findChild(QPushButton, name)
    assert button is not None, f"no button {name} in {box.objectName()}"
    return button
