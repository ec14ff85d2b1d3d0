"""The welcome page when the keyring cannot be used, and where typing starts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFrame
from pytestqt.qtbot import QtBot

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.dialogs.welcome_page import WelcomePage
from app.qt.theme import apply_theme, is_dark
from tests.helpers.app_harness import run_app, send_and_wait, wait_until
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.setup_steps import use_keyring

NO_KEYRING = (
    "No system keyring is available to store the API key. On Linux, install and start GNOME Keyring or "
    "KWallet (a Secret Service provider) inside a desktop session with D-Bus. You can still use a key for "
    "this session only; it will not be saved."
)


@pytest.fixture
def missing_keyring() -> Iterator[KeyringBackend]:
    """No keyring at all (keyring's ``fail`` backend)."""
    with use_keyring(fail.Keyring()) as backend:
        yield backend


@pytest.fixture
def keyring_backend() -> Iterator[MemoryKeyring]:
    """A working keyring, empty at first."""
    backend = MemoryKeyring()
    with use_keyring(backend):
        yield backend


class RefusingKeyring(MemoryKeyring):
    """Reads (nothing is stored) but refuses to store: locked again, unlocking dismissed."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked and unlocking was dismissed")


def test_without_a_keyring_the_welcome_card_says_so_and_enter_uses_the_key_for_this_session(
    qloop: qasync.QEventLoop, tmp_path: Path, missing_keyring: KeyringBackend, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        welcome = window.welcome
        await wait_until(lambda: window.pages.currentWidget() is welcome, what="the welcome page")
        await wait_until(lambda: welcome.keyring_note.isVisibleTo(welcome), what="the keyring note")

        # The card tells the whole story, wrapped, instead of promising the keyring.
        assert welcome.keyring_note.text() == NO_KEYRING
        assert welcome.keyring_note.wordWrap()
        assert not welcome.privacy_note.isVisibleTo(welcome)
        # Using the key for this session is what works, so it is the primary action.
        assert welcome.session_button.isVisibleTo(welcome)
        assert welcome.session_button.isDefault() and not welcome.save_button.isDefault()
        # Typing starts in the key field (the gateway URL is filled in).
        assert window.focusWidget() is welcome.key_field.line_edit

        QTest.keyClicks(welcome.key_field.line_edit, "test-key")
        QTest.keyClick(welcome.key_field.line_edit, Qt.Key.Key_Return)
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the chat")
        assert desk.keys.state.source == "session"
        # The keyring problem is no longer news on the status line once a key is in use.
        assert "keyring" not in window.status_line.state_label.text()
        _, _, status = await send_and_wait(desk, "hello")
        assert status == "complete"

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_with_a_working_keyring_the_welcome_card_offers_to_save_the_key(
    qloop: qasync.QEventLoop, tmp_path: Path, keyring_backend: MemoryKeyring, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        welcome = window.welcome
        await wait_until(lambda: window.pages.currentWidget() is welcome, what="the welcome page")
        assert welcome.privacy_note.isVisibleTo(welcome) and not welcome.keyring_note.isVisibleTo(welcome)
        assert "keyring" in welcome.privacy_note.text()
        assert welcome.save_button.isDefault() and not welcome.session_button.isVisibleTo(welcome)
        assert window.focusWidget() is welcome.key_field.line_edit

        QTest.keyClicks(welcome.key_field.line_edit, "test-key")
        QTest.keyClick(welcome.key_field.line_edit, Qt.Key.Key_Return)
        await wait_until(lambda: keyring_backend.stored(gateway.base_url) == "test-key", what="storing")
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the chat")

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_a_key_the_keyring_refuses_on_the_welcome_page_makes_this_session_the_primary_choice(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    """The keyring worked at start (no key stored) but refuses to store one: the session offer comes first."""

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        welcome = window.welcome
        await wait_until(lambda: window.pages.currentWidget() is welcome, what="the welcome page")
        welcome.key_field.set_key("test-key")
        welcome.save_button.click()
        await wait_until(lambda: welcome.session_button.isVisibleTo(welcome), what="the session offer")
        assert "keyring is locked" in welcome.result_label.text()
        assert welcome.session_button.isDefault() and not welcome.save_button.isDefault()
        QTest.keyClick(welcome.key_field.line_edit, Qt.Key.Key_Return)
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the chat")
        assert desk.keys.state.source == "session"

    with use_keyring(RefusingKeyring()):
        run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_typing_starts_in_the_first_empty_field_when_the_page_shows(qtbot: QtBot) -> None:
    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_base_url("")
    page.show()
    assert page.focusWidget() is page.base_url_edit

    page.hide()
    page.set_base_url("https://my-gateway.example")
    page.show()
    assert page.focusWidget() is page.key_field.line_edit


def test_the_card_follows_the_dark_theme_chosen_in_the_settings(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    """The page is built before the theme is applied at start: the card must not stay light on dark."""

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await wait_until(lambda: window.pages.currentWidget() is window.welcome, what="the welcome page")
        card = window.welcome.findChild(QFrame, "welcomeCard")
        assert card is not None
        assert is_dark(window.palette())
        window.grab()
        assert is_dark(card.palette()), "the card kept the light theme's background"
        # A theme chosen while the page is shown (Settings are open to it): the card follows.
        apply_theme("light")
        await wait_until(lambda: not is_dark(card.palette()), what="the card in the light theme")

    try:
        run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url, "theme": "dark"})
    finally:
        apply_theme("system")
