"""Settings → Network: the proxy's password has a masked field of its own and never shows in the URL field."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.qt.dialogs.settings_dialog import SettingsDialog
from tests.helpers.app_harness import child

STORED = replace(Settings(), proxy_mode="url", proxy_url="http://alice:s3cret%40x@proxy.example:3128")


def _open(qtbot: QtBot, settings: Settings = STORED) -> tuple[SettingsDialog, list[Settings]]:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    accepted: list[Settings] = []
    dialog.settings_accepted.connect(accepted.append)
    dialog.open()
    dialog.tabs.setCurrentWidget(dialog.network_tab)
    return dialog, accepted


def _ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    ok = child(dialog, QDialogButtonBox, "settingsButtonBox").button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_the_stored_password_is_masked_in_its_own_field_and_comes_back_unchanged(qtbot: QtBot) -> None:
    dialog, accepted = _open(qtbot)
    url = child(dialog, QLineEdit, "proxyUrlEdit")
    password = child(dialog, QLineEdit, "proxyPasswordEdit")
    assert url.text() == "http://alice@proxy.example:3128"
    assert password.echoMode() == QLineEdit.EchoMode.Password
    assert "s3cret" not in password.displayText()
    reveal = child(dialog, QToolButton, "revealProxyPasswordButton")
    qtbot.mouseClick(reveal, Qt.MouseButton.LeftButton)
    assert password.displayText() == "s3cret@x", "shown as the user typed it, not percent-encoded"
    assert reveal.accessibleName() == "Hide the proxy password"
    qtbot.mouseClick(reveal, Qt.MouseButton.LeftButton)
    assert password.echoMode() == QLineEdit.EchoMode.Password
    _ok(qtbot, dialog)
    assert [s.proxy_url for s in accepted] == [STORED.proxy_url]


def test_a_pasted_url_with_a_password_keeps_the_user_and_moves_the_password(qtbot: QtBot) -> None:
    dialog, accepted = _open(qtbot, replace(Settings(), proxy_mode="url", proxy_url="http://127.0.0.1:7890"))
    url = child(dialog, QLineEdit, "proxyUrlEdit")
    password = child(dialog, QLineEdit, "proxyPasswordEdit")
    url.setFocus()
    url.selectAll()
    QApplication.clipboard().setText("http://bob:pa55-w0rd@proxy.example:8080")
    QTest.keyClick(url, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert url.text() == "http://bob@proxy.example:8080"
    assert password.text() == "pa55-w0rd" and password.echoMode() == QLineEdit.EchoMode.Password
    # Typed character by character, the password leaves the URL field as soon as the "@" ends it.
    url.selectAll()
    QTest.keyClicks(url, "http://carol:typed-pw@proxy.example:8080")
    assert url.text() == "http://carol@proxy.example:8080"
    assert password.text() == "typed-pw"
    _ok(qtbot, dialog)
    assert [s.proxy_url for s in accepted] == ["http://carol:typed-pw@proxy.example:8080"]


def test_a_password_typed_in_its_field_is_encoded_into_the_url_and_needs_a_user(qtbot: QtBot) -> None:
    dialog, accepted = _open(
        qtbot, replace(Settings(), proxy_mode="url", proxy_url="http://proxy.example:3128")
    )
    password = child(dialog, QLineEdit, "proxyPasswordEdit")
    password.setFocus()
    QTest.keyClicks(password, "p@ss:word 1")
    _ok(qtbot, dialog)
    assert accepted == [] and dialog.isVisible(), "a password without a user name would be lost"
    error = child(dialog, QLabel, "proxyUrlError")
    assert not error.isHidden() and "user name" in error.text()
    url = child(dialog, QLineEdit, "proxyUrlEdit")
    url.setText("http://dave@proxy.example:3128")
    _ok(qtbot, dialog)
    assert [s.proxy_url for s in accepted] == ["http://dave:p%40ss%3Aword%201@proxy.example:3128"]


def test_the_password_field_follows_the_proxy_mode(qtbot: QtBot) -> None:
    dialog, accepted = _open(qtbot)
    field = child(dialog, QLineEdit, "proxyPasswordEdit")
    assert field.isEnabled()
    mode = child(dialog, QComboBox, "proxyModeCombo")
    mode.setCurrentIndex(mode.findData("none"))
    assert not field.isEnabled()
    _ok(qtbot, dialog)
    # Kept for later with its password, as the URL itself is.
    assert [(s.proxy_mode, s.proxy_url) for s in accepted] == [("none", STORED.proxy_url)]
