"""A key belongs to its gateway: typing another host, or plain http, in Settings empties the key field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.qt.controllers.key_controller import KeyState
from app.qt.dialogs.settings_dialog import SettingsDialog


# Plain http to the same host is another gateway too: its key would travel in clear text.
@pytest.mark.parametrize("other", ["https://evil.example", "http://gw.example"])
def test_another_gateway_empties_the_key_field_and_the_first_brings_it_back(qtbot: QtBot, other: str) -> None:
    dialog = SettingsDialog(Settings(base_url="https://gw.example"))
    qtbot.addWidget(dialog)
    keys: list[str] = []
    dialog.key_changed.connect(keys.append)
    dialog.open()
    dialog.set_key_state(KeyState("sk-for-gw-example", "keyring", "Secret Service"))
    url = dialog.findChild(QLineEdit, "baseUrlEdit")
    assert url is not None
    url.selectAll()
    qtbot.keyClicks(url, "https://gw.example:8443/v1beta")  # same host: the key stays
    assert dialog.key_field.key() == "sk-for-gw-example"
    url.selectAll()
    qtbot.keyClicks(url, other)
    assert dialog.key_field.key() == ""
    assert "another gateway" in dialog.key_error.text() and dialog.key_error.isVisibleTo(dialog)
    url.selectAll()
    qtbot.keyClicks(url, "https://gw.example")
    assert dialog.key_field.key() == "sk-for-gw-example"
    url.selectAll()
    qtbot.keyClicks(url, other)
    qtbot.keyClick(url, Qt.Key.Key_Return)
    assert keys == [], "the old gateway's key was handed on for the new host"
