import os
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.gemini.models_list import ModelInfo
from app.core.settings import Settings, WindowState
from app.qt.controllers.key_controller import KeyState
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.dialogs.settings_sections import SettingsSections

W = TypeVar("W", bound=QWidget)

CUSTOM = replace(
    Settings(),
    base_url="http://127.0.0.1:8080/prefix",
    default_model="my-private-model",
    proxy_mode="url",
    proxy_url="socks5h://proxy.example:1080",
    connect_timeout=7.5,
    idle_timeout=900.0,
    send_key="ctrl_enter",
    theme="dark",
    language="zh_CN",
    font_size=14,
    generation_defaults={"temperature": 0.3, "include_thoughts": False},
    window=WindowState(geometry="abc", splitter_sizes=(200, 600), last_conversation_id=7, last_model="m"),
)


def child(widget: QWidget, kind: type[W], name: str) -> W:
    found = widget.findChild(kind, name)
    assert isinstance(found, kind), name
    return found


def make_dialog(qtbot: QtBot, settings: Settings = CUSTOM) -> tuple[SettingsDialog, list[Settings]]:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    accepted: list[Settings] = []
    dialog.settings_accepted.connect(accepted.append)
    dialog.open()
    return dialog, accepted


def press_ok(dialog: SettingsDialog, qtbot: QtBot) -> None:
    box = child(dialog, QDialogButtonBox, "settingsButtonBox")
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_unchanged_dialog_round_trips_every_field(qtbot: QtBot) -> None:
    dialog, accepted = make_dialog(qtbot)
    press_ok(dialog, qtbot)
    assert accepted == [CUSTOM]
    assert not dialog.isVisible()


def test_defaults_round_trip_including_the_default_font_size(qtbot: QtBot) -> None:
    dialog, accepted = make_dialog(qtbot, Settings())
    assert child(dialog, QSpinBox, "fontSizeSpin").text() == "Default"
    press_ok(dialog, qtbot)
    assert accepted == [Settings()]


def test_edits_are_returned_normalised(qtbot: QtBot) -> None:
    dialog, accepted = make_dialog(qtbot)
    url = child(dialog, QLineEdit, "baseUrlEdit")
    url.setText(" https://Other.Example/v1beta/ ")
    mode = child(dialog, QComboBox, "proxyModeCombo")
    mode.setCurrentIndex(mode.findData("none"))
    child(dialog, QDoubleSpinBox, "idleTimeoutSpin").setValue(120)
    theme = child(dialog, QComboBox, "themeCombo")
    theme.setCurrentIndex(theme.findData("light"))
    child(dialog, QSpinBox, "fontSizeSpin").setValue(5)  # "Default"
    press_ok(dialog, qtbot)
    assert len(accepted) == 1
    result = accepted[0]
    assert result.base_url == "https://other.example"
    assert result.proxy_mode == "none"
    assert result.proxy_url == "socks5h://proxy.example:1080"  # kept for later, unused
    assert result.idle_timeout == 120.0
    assert result.theme == "light" and result.font_size is None
    assert result.window == CUSTOM.window and result.generation_defaults == CUSTOM.generation_defaults


def test_bad_proxy_url_blocks_ok_with_an_inline_message(qtbot: QtBot) -> None:
    dialog, accepted = make_dialog(qtbot)
    tabs = child(dialog, SettingsSections, "settingsTabs")
    tabs.setCurrentIndex(0)
    proxy = child(dialog, QLineEdit, "proxyUrlEdit")
    proxy.setText("proxy.example:8080")
    press_ok(dialog, qtbot)
    assert accepted == []
    assert dialog.isVisible()
    error = child(dialog, QLabel, "proxyUrlError")
    assert error.text() == "The proxy URL must start with http://, https://, socks5:// or socks5h://."
    assert tabs.currentWidget() is child(dialog, QWidget, "networkTab")
    assert not error.isHidden()
    proxy.setText("http://127.0.0.1:7890/")
    press_ok(dialog, qtbot)
    assert [s.proxy_url for s in accepted] == ["http://127.0.0.1:7890"]


def test_a_key_from_the_environment_keeps_the_gateway_page_inside_the_dialog(qtbot: QtBot) -> None:
    # Its one-line status ("From GEMINI_API_KEY (session only; …)") widened the page past the dialog's edge,
    # cutting the fields' right borders and every explanation off.
    dialog, _accepted = make_dialog(qtbot)
    dialog.set_key_state(KeyState("sk-env", "environment"))
    dialog.resize(760, 620)
    status = child(dialog, QLabel, "keyStatusLabel")
    qtbot.waitUntil(lambda: status.height() >= status.heightForWidth(status.width()))
    for field in (child(dialog, QLineEdit, "baseUrlEdit"), status):
        right = field.mapTo(dialog, QPoint(field.width(), 0)).x()
        assert right <= dialog.width(), (field.objectName(), right, dialog.width())
    assert status.heightForWidth(status.width()) > status.fontMetrics().height()  # wrapped, all of it shown


def test_bad_base_url_blocks_ok(qtbot: QtBot) -> None:
    dialog, accepted = make_dialog(qtbot)
    child(dialog, QLineEdit, "baseUrlEdit").setText("https://user:pw@host.example")
    press_ok(dialog, qtbot)
    assert accepted == []
    assert "user name or password" in child(dialog, QLabel, "baseUrlError").text()


def test_key_state_is_described_and_a_new_key_is_emitted_after_the_settings(qtbot: QtBot) -> None:
    dialog, _accepted = make_dialog(qtbot)
    status = child(dialog, QLabel, "keyStatusLabel")
    forget = child(dialog, QPushButton, "forgetKeyButton")
    dialog.set_key_state(KeyState("sk-old", "keyring", "Secret Service (GNOME Keyring or compatible)"))
    assert status.text() == "Stored in: Secret Service (GNOME Keyring or compatible)"
    assert forget.isEnabled()
    dialog.set_key_state(KeyState("sk-env", "environment"))
    assert status.text().startswith("From GEMINI_API_KEY (session only")
    assert not forget.isEnabled()
    dialog.set_key_state(KeyState("sk-old", "session"))
    assert status.text() == "Session only (not saved)"

    order: list[str] = []
    dialog.settings_accepted.connect(lambda _s: order.append("settings"))
    dialog.key_changed.connect(lambda key: order.append(f"key:{key}"))
    edit = child(dialog, QLineEdit, "apiKeyEdit")
    edit.clear()
    qtbot.keyClicks(edit, "sk-new")
    press_ok(dialog, qtbot)
    assert order == ["settings", "key:sk-new"]


def test_unchanged_key_is_not_emitted_and_forget_clears_it(qtbot: QtBot) -> None:
    dialog, _accepted = make_dialog(qtbot)
    dialog.set_key_state(KeyState("sk-old", "keyring", "macOS Keychain"))
    keys: list[str] = []
    forgotten: list[bool] = []
    dialog.key_changed.connect(keys.append)
    dialog.key_forgotten.connect(lambda: forgotten.append(True))
    qtbot.mouseClick(child(dialog, QPushButton, "forgetKeyButton"), Qt.MouseButton.LeftButton)
    assert forgotten == [True]
    assert child(dialog, QLineEdit, "apiKeyEdit").text() == ""
    press_ok(dialog, qtbot)
    assert keys == []


def test_test_connection_uses_the_edited_values(qtbot: QtBot) -> None:
    dialog, _accepted = make_dialog(qtbot)
    dialog.set_key_state(KeyState("sk-old", "keyring", "macOS Keychain"))
    child(dialog, QLineEdit, "baseUrlEdit").setText("gate.example/v1")
    # Another host: the old gateway's key is not offered to it.
    key_edit = dialog.key_field.line_edit
    assert key_edit.text() == ""
    key_edit.setText("sk-old")
    requests: list[tuple[str, str, str, str]] = []
    dialog.test_requested.connect(lambda *args: requests.append(args))
    button = child(dialog, QPushButton, "testConnectionButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert requests == [("https://gate.example", "sk-old", "url", "socks5h://proxy.example:1080")]
    assert dialog.connection_test.is_testing and button.text() == "Cancel"
    dialog.show_test_result(False, "Could not reach the gateway.")
    assert button.isEnabled()
    assert child(dialog, QLabel, "testResultLabel").text() == "Could not reach the gateway."


def test_screenshot(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _accepted = make_dialog(qtbot, Settings())
    dialog.set_key_state(KeyState("sk-old", "keyring", "Secret Service (GNOME Keyring or compatible)"))
    dialog.set_models(
        [ModelInfo("gemini-2.5-pro", "Gemini 2.5 Pro", "", True), ModelInfo("gemini-2.5-flash", "", "", True)]
    )
    dialog.show_test_result(
        True, "Connected: 9 models (gemini-3-pro-preview, gemini-2.5-pro, gemini-2.5-flash, …)"
    )
    qtbot.waitExposed(dialog)
    folder = Path(os.environ.get("GEMINI_DESK_SCREENSHOT_DIR", tmp_path))
    tabs = child(dialog, SettingsSections, "settingsTabs")
    for index, name in enumerate(
        ["connection", "account", "models", "chat", "appearance", "network", "tools"]
    ):
        tabs.setCurrentIndex(index)
        target = folder / f"settings_{name}.png"
        assert dialog.grab().save(str(target))


def test_the_update_check_switch_round_trips(qtbot: QtBot) -> None:
    dialog, accepted = make_dialog(qtbot, Settings())
    box = child(dialog, QCheckBox, "checkUpdatesBox")
    assert box.isChecked()  # on by default
    box.click()
    press_ok(dialog, qtbot)
    assert accepted == [replace(Settings(), check_updates=False)]
    dialog, accepted = make_dialog(qtbot, replace(Settings(), check_updates=False))
    assert not child(dialog, QCheckBox, "checkUpdatesBox").isChecked()
