"""Changing the key or the gateway in Settings: a key the keyring refuses, forgetting it, a new gateway URL.

The app runs against the gateway double with a keyring backend chosen per test (``use_keyring``): keyring's
own "no keyring at all" backend, one that keeps secrets in memory, or one that cannot delete. The keyring is
never the machine's own, so nothing is stored outside the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked
from PySide6.QtWidgets import QMessageBox

from app.core.secrets import SERVICE_NAME, account_for_base_url
from app.demo.server import GatewayDouble, mask_secret
from app.main import GeminiDesk
from tests.helpers.app_harness import generation_requests, in_use, run_app, send_and_wait, wait_until
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.setup_steps import (
    box_button,
    open_settings,
    shown_box,
    start_with_session_key,
    use_keyring,
)

OLD_KEY = "sk-old-key-1111111111"
NEW_KEY = "sk-new-key-2222222222"


class UndeletableKeyring(MemoryKeyring):
    """Reads and stores, but refuses to delete (the keyring was locked again meanwhile)."""

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked and unlocking was dismissed")


@pytest.fixture
def no_keyring() -> Iterator[KeyringBackend]:
    """No keyring at all (keyring's ``fail`` backend), as on a Linux machine without a Secret Service."""
    with use_keyring(fail.Keyring()) as backend:
        yield backend


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A working keyring, empty at first."""
    backend = MemoryKeyring()
    with use_keyring(backend):
        yield backend


@pytest.fixture
def new_key_gateway() -> Iterator[GatewayDouble]:
    """A gateway that accepts only ``NEW_KEY``."""
    with GatewayDouble(NEW_KEY) as double:
        yield double


@pytest.fixture
def old_key_gateway() -> Iterator[GatewayDouble]:
    """A gateway that accepts only ``OLD_KEY``."""
    with GatewayDouble(OLD_KEY) as double:
        yield double


# --- a new key the keyring refuses ------------------------------------------------------------------------


def test_a_new_key_the_keyring_refuses_is_explained_and_can_be_used_for_this_session(
    qloop: qasync.QEventLoop, tmp_path: Path, no_keyring: KeyringBackend, new_key_gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await start_with_session_key(desk, OLD_KEY)
        dialog = open_settings(desk)
        dialog.key_field.set_key(NEW_KEY)
        dialog.accept()

        box = await shown_box(desk, "keySaveFailed")
        assert "could not be stored in the system keyring" in box.text()
        assert "No system keyring is available" in box.informativeText()  # the keyring's own words
        use = box_button(box, "sessionOnlyButton")
        assert use.text() == "Use this key for this session only"
        assert box.defaultButton() is use
        assert box_button(box, "keepPreviousKeyButton").text() == "Keep the previous key"

        use.click()
        await wait_until(lambda: not box.isVisible(), what="the box to close")
        # The gateway accepts only the new key: the answer proves it is the one in use.
        _, _, status = await send_and_wait(desk, "Which key is in use?")
        assert status == "complete"
        assert desk.keys.state.source == "session"

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": new_key_gateway.base_url})


def test_declining_the_session_offer_keeps_the_previous_key_in_use(
    qloop: qasync.QEventLoop, tmp_path: Path, no_keyring: KeyringBackend, old_key_gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await start_with_session_key(desk, OLD_KEY)
        dialog = open_settings(desk)
        dialog.key_field.set_key(NEW_KEY)
        dialog.accept()

        box = await shown_box(desk, "keySaveFailed")
        box_button(box, "keepPreviousKeyButton").click()
        await wait_until(lambda: not box.isVisible(), what="the box to close")
        # The gateway accepts only the old key.
        _, _, status = await send_and_wait(desk, "Still the old key?")
        assert status == "complete"
        assert desk.window.pages.currentWidget() is desk.window.chat_page

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": old_key_gateway.base_url})


def test_a_key_that_cannot_be_removed_from_the_keyring_is_reported(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    backend = UndeletableKeyring()
    backend.set_password(SERVICE_NAME, account_for_base_url(gateway.base_url), "test-key")

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await wait_until(lambda: desk.keys.state.source == "keyring", what="the stored key")
        dialog = open_settings(desk)
        dialog.forget_button.click()

        box = await shown_box(desk, "keyForgetFailed")
        assert "could not be removed from the system keyring" in box.text()
        assert "keyring is locked" in box.informativeText()
        box.button(QMessageBox.StandardButton.Ok).click()
        await wait_until(lambda: not box.isVisible(), what="the box to close")
        # Still stored, so still in use, and the dialog says so.
        assert "keyring is locked" in dialog.key_status_label.text()
        dialog.reject()
        assert window.pages.currentWidget() is window.chat_page
        _, _, status = await send_and_wait(desk, "still here?")
        assert status == "complete"

    with use_keyring(backend):
        run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


# --- a new gateway URL --------------------------------------------------------------------------------------


@pytest.fixture
def second_gateway() -> Iterator[GatewayDouble]:
    """Another gateway (another port, so another keyring entry) accepting the same key as ``gateway``."""
    with GatewayDouble("test-key") as double:
        yield double


def test_a_new_gateway_url_keeps_the_stored_key_shown_and_stores_it_for_that_gateway(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    gateway: GatewayDouble,
    second_gateway: GatewayDouble,
) -> None:
    memory_keyring.set_password(SERVICE_NAME, account_for_base_url(gateway.base_url), "test-key")

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await wait_until(lambda: desk.keys.state.source == "keyring", what="the stored key")
        dialog = open_settings(desk)
        assert dialog.key_field.key() == "test-key"
        dialog.base_url_edit.setText(second_gateway.base_url)
        dialog.accept()

        await wait_until(lambda: memory_keyring.stored(second_gateway.base_url) == "test-key", what="storing")
        # The keyring thread has written the key; the app switches once it hears back on the GUI thread.
        await wait_until(lambda: in_use(desk) == second_gateway.base_url, what="the new gateway in use")
        assert window.pages.currentWidget() is window.chat_page, "the welcome page asked for the key again"
        _, _, status = await send_and_wait(desk, "Hello, new gateway")
        assert status == "complete"
        assert generation_requests(second_gateway) and not generation_requests(gateway)

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_a_new_gateway_url_keeps_a_session_key_without_asking_again(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    no_keyring: KeyringBackend,
    gateway: GatewayDouble,
    second_gateway: GatewayDouble,
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await start_with_session_key(desk, "test-key")
        dialog = open_settings(desk)
        dialog.base_url_edit.setText(second_gateway.base_url)
        dialog.accept()

        _, _, status = await send_and_wait(desk, "Hello, new gateway")
        assert status == "complete"
        assert window.pages.currentWidget() is window.chat_page
        assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert generation_requests(second_gateway) and not generation_requests(gateway)

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_a_refused_key_for_a_new_gateway_never_sends_the_old_gateways_key_there(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    no_keyring: KeyringBackend,
    old_key_gateway: GatewayDouble,
    gateway: GatewayDouble,
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await start_with_session_key(desk, OLD_KEY)
        dialog = open_settings(desk)
        dialog.base_url_edit.setText(gateway.base_url)
        dialog.key_field.set_key(NEW_KEY)
        dialog.accept()

        box = await shown_box(desk, "keySaveFailed")
        # While the user decides, the key typed for the new gateway is the one in use there (a prompt sent
        # meanwhile goes to the gateway chosen), never the old gateway's key...
        connection = desk.clients.connection
        assert connection is not None
        assert (connection.base_url, connection.api_key) == (gateway.base_url, NEW_KEY)
        keep = box_button(box, "keepPreviousKeyButton")
        assert keep.text() == "Do not use it"  # ...so there is no previous key to keep
        keep.click()
        await wait_until(lambda: window.pages.currentWidget() is window.welcome, what="the welcome page")
        assert desk.clients.get() is None
        old_key_seen = mask_secret(OLD_KEY)  # what the double records of a key (its first characters)
        assert old_key_seen != mask_secret(NEW_KEY)
        sent = [value for r in gateway.requests for value in [*r.headers.values(), *r.query.values()]]
        assert not [value for value in sent if old_key_seen in value], (
            "the old gateway's key went to the new one"
        )

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": old_key_gateway.base_url})


def test_a_keyring_error_in_settings_is_shown_in_full(
    qloop: qasync.QEventLoop, tmp_path: Path, no_keyring: KeyringBackend, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await start_with_session_key(desk, "test-key")
        # Forgetting cannot reach the keyring: the dialog shows why, every line of it.
        dialog = open_settings(desk)
        dialog.forget_button.click()
        box = await shown_box(desk, "keyForgetFailed")
        box.button(QMessageBox.StandardButton.Ok).click()
        label = dialog.key_status_label
        await wait_until(lambda: "No system keyring is available" in label.text(), what="the error")
        await wait_until(lambda: label.height() >= label.heightForWidth(label.width()), what="room for it")
        assert label.heightForWidth(label.width()) > 2 * label.fontMetrics().height()  # several lines
        dialog.reject()

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})
