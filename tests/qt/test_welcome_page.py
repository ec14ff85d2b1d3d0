import os
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.qt.dialogs.welcome_page import WelcomePage
from app.qt.render.palette import palette_for
from app.qt.theme import apply_theme
from app.qt.widgets.key_field import KeyField
from tests.helpers.languages import ui_language

W = TypeVar("W", bound=QWidget)


def make_page(qtbot: QtBot) -> WelcomePage:
    page = WelcomePage()
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    return page


def child(page: QWidget, kind: type[W], name: str) -> W:
    found = page.findChild(kind, name)
    assert isinstance(found, kind), name
    return found


def test_test_and_save_emit_the_typed_values_normalised(qtbot: QtBot) -> None:
    page = make_page(qtbot)
    url = child(page, QLineEdit, "baseUrlEdit")
    assert url.text() == "https://gogogotoken.ai"
    url.clear()
    qtbot.keyClicks(url, "  my-gateway.example/v1beta/ ")
    qtbot.keyClicks(child(page, QLineEdit, "apiKeyEdit"), "sk-typed-key ")
    tests: list[tuple[str, str]] = []
    saves: list[tuple[str, str]] = []
    page.test_requested.connect(lambda u, k: tests.append((u, k)))
    page.save_requested.connect(lambda u, k: saves.append((u, k)))

    qtbot.mouseClick(child(page, QPushButton, "testConnectionButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(page, QPushButton, "saveKeyButton"), Qt.MouseButton.LeftButton)

    assert tests == [("https://my-gateway.example", "sk-typed-key")]
    assert saves == [("https://my-gateway.example", "sk-typed-key")]


def test_invalid_url_is_explained_inline_and_nothing_is_emitted(qtbot: QtBot) -> None:
    page = make_page(qtbot)
    url = child(page, QLineEdit, "baseUrlEdit")
    url.setText("ftp://gateway.example")
    qtbot.keyClicks(child(page, QLineEdit, "apiKeyEdit"), "sk-1")
    emitted: list[object] = []
    page.test_requested.connect(lambda *a: emitted.append(a))
    page.save_requested.connect(lambda *a: emitted.append(a))

    qtbot.mouseClick(child(page, QPushButton, "saveKeyButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(page, QPushButton, "testConnectionButton"), Qt.MouseButton.LeftButton)

    assert emitted == []
    error = child(page, QLabel, "baseUrlError")
    assert error.isVisible()
    assert error.text() == "The base URL must start with https:// or http://."
    # Editing the field clears the message.
    qtbot.keyClicks(url, "x")
    assert not error.isVisible()


def test_validation_messages_follow_the_ui_language(qtbot: QtBot) -> None:
    page = make_page(qtbot)
    child(page, QLineEdit, "baseUrlEdit").setText("https://gate.example?key=abc")
    with ui_language("zh_CN"):
        qtbot.mouseClick(child(page, QPushButton, "saveKeyButton"), Qt.MouseButton.LeftButton)
    assert "API 密钥请填写在专门的输入框中" in child(page, QLabel, "baseUrlError").text()
    # And an empty key is refused too.
    assert child(page, QLabel, "apiKeyError").isVisible()


def test_busy_state_lasts_until_the_result_and_errors_are_selectable(qtbot: QtBot) -> None:
    page = make_page(qtbot)
    qtbot.keyClicks(child(page, QLineEdit, "apiKeyEdit"), "sk-1")
    button = child(page, QPushButton, "testConnectionButton")
    tests: list[object] = []
    page.test_requested.connect(lambda *a: tests.append(a))
    cancels: list[object] = []
    page.test_cancel_requested.connect(lambda: cancels.append(True))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == "Cancel" and child(page, QProgressBar, "testBusyBar").isVisible()
    # A second click while busy cancels the test (it starts no other one) and says so, neutrally.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(tests) == 1 and cancels == [True]
    assert button.text() == "Test connection" and not child(page, QProgressBar, "testBusyBar").isVisible()
    cancelled = child(page, QLabel, "testResultLabel")
    assert cancelled.text() == "Connection test cancelled." and cancelled.property("state") == "neutral"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(tests) == 2 and page.is_testing()

    message = "The API key was rejected (HTTP 401).\nGateway message: “无效的令牌”"
    page.show_test_result(False, message)
    result = child(page, QLabel, "testResultLabel")
    assert button.isEnabled() and not child(page, QProgressBar, "testBusyBar").isVisible()
    assert result.isVisible() and result.text() == message
    assert result.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert result.property("state") == "error"
    page.show_test_result(True, "Connected: 3 models (gemini-2.5-pro, …)")
    assert result.property("state") == "ok"


def test_save_failure_offers_a_session_only_key(qtbot: QtBot) -> None:
    page = make_page(qtbot)
    qtbot.keyClicks(child(page, QLineEdit, "apiKeyEdit"), "sk-1")
    session_button = child(page, QPushButton, "sessionOnlyButton")
    assert not session_button.isVisible()
    page.set_saving(True)
    assert not child(page, QPushButton, "saveKeyButton").isEnabled()
    page.show_save_failed("No system keyring is available.")
    assert session_button.isVisible()
    chosen: list[tuple[str, str]] = []
    page.session_only_requested.connect(lambda u, k: chosen.append((u, k)))
    qtbot.mouseClick(session_button, Qt.MouseButton.LeftButton)
    assert chosen == [("https://gogogotoken.ai", "sk-1")]


def test_a_save_refused_for_the_keyring_problem_the_card_shows_does_not_say_it_twice(qtbot: QtBot) -> None:
    page = make_page(qtbot)
    page.show()
    problem = "No system keyring is available. Use the key for this session only, or store it in a file."
    page.set_keyring_problem(problem)
    page.show_save_failed(problem)
    shown = [
        label.text() for label in page.findChildren(QLabel) if label.isVisible() and problem in label.text()
    ]
    assert len(shown) == 1, shown
    # The click is answered all the same: a short line says the key was not saved.
    assert any(label.isVisible() and "not saved" in label.text() for label in page.findChildren(QLabel))
    session = child(page, QPushButton, "sessionOnlyButton")
    assert session.isVisible() and session.isDefault() and page.focusWidget() is session
    page.show_save_failed("The keyring refused the key.")  # something else: said
    assert any(label.isVisible() and "refused" in label.text() for label in page.findChildren(QLabel))


def test_demo_button_emits_demo_requested(qtbot: QtBot) -> None:
    page = make_page(qtbot)
    with qtbot.waitSignal(page.demo_requested, timeout=1000):
        qtbot.mouseClick(child(page, QPushButton, "tryDemoButton"), Qt.MouseButton.LeftButton)


def test_key_field_is_masked_until_revealed(qtbot: QtBot) -> None:
    field = KeyField()
    qtbot.addWidget(field)
    field.set_key("sk-secret")
    edit = field.line_edit
    assert edit.objectName() == "apiKeyEdit"
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    assert edit.displayText() != "sk-secret"
    qtbot.mouseClick(field.reveal_button, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == QLineEdit.EchoMode.Normal and edit.displayText() == "sk-secret"
    assert field.reveal_button.text() == "Hide"
    qtbot.mouseClick(field.reveal_button, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    # Setting a new key masks it again.
    field.set_revealed(True)
    field.set_key("  sk-other\n")
    assert not field.is_revealed() and field.key() == "sk-other"


def test_screenshot(qtbot: QtBot, tmp_path: Path) -> None:
    page = make_page(qtbot)
    page.show_test_result(False, "The API key was rejected (HTTP 401).\nCheck the API key in Settings.")
    qtbot.waitExposed(page)
    target = Path(os.environ.get("GEMINI_DESK_SCREENSHOT_DIR", tmp_path)) / "welcome_page.png"
    assert page.grab().save(str(target))
    assert target.stat().st_size > 0


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_main_action_stands_out_and_every_button_shows_its_whole_text(qtbot: QtBot, theme: str) -> None:
    apply_theme(theme)
    try:
        page = make_page(qtbot)
        page.show_save_failed("No system keyring is available.")  # the widest row: three buttons
        qtbot.wait(20)
        buttons = [b for b in page.findChildren(QPushButton) if b.isVisible() and not b.isFlat()]
        assert len(buttons) >= 4
        for button in buttons:
            assert button.width() >= button.sizeHint().width(), button.objectName()  # no clipped text
        colours = palette_for(page.palette())
        main = child(
            page, QPushButton, "sessionOnlyButton"
        )  # the default action while the keyring is missing
        assert main.isDefault()

        def ground(button: QPushButton) -> str:
            image = button.grab().toImage()
            return str(image.pixelColor(image.width() // 2, 3).name())  # above the text, inside the border

        assert ground(main) == colours.accent  # filled with the accent colour, as New chat is
        assert ground(child(page, QPushButton, "saveKeyButton")) != colours.accent
    finally:
        apply_theme("system")
