"""A plain ``http://`` gateway on another host gets a warning before the key is sent; loopback does not.

To see every connection attempt, the app's proxy setting points at a gateway double, which records requests
sent through it as a proxy (``GET http://example.invalid/v1/models`` arrives there as ``/v1/models``). Without
the warning, the app's model-list request at start would show up there at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QMessageBox

from app.core.gemini.urls import sends_key_in_clear
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait, wait_until

KEY = "sk-plain-http-test-0123456789"
REMOTE = "http://example.invalid"


@pytest.fixture
def proxy() -> Iterator[GatewayDouble]:
    with GatewayDouble(KEY) as double:
        yield double


def _button(box: QMessageBox, name: str) -> None:
    for button in box.buttons():
        if button.objectName() == name or (
            name == "cancel" and box.buttonRole(button) == box.ButtonRole.RejectRole
        ):
            button.click()
            return
    raise AssertionError(f"no {name} button in {[b.text() for b in box.buttons()]}")


@pytest.mark.parametrize(
    ("url", "warns"),
    [
        ("http://example.invalid", True),
        ("http://10.1.2.3:8080/v1beta", True),
        ("HTTP://Gateway.Example.com", True),
        ("https://example.invalid", False),
        ("http://127.0.0.1:3000", False),
        ("http://localhost:3000", False),
        ("http://[::1]:3000", False),
    ],
)
def test_which_addresses_send_the_key_in_clear(url: str, warns: bool) -> None:
    assert sends_key_in_clear(url) is warns


def test_a_remote_plain_http_gateway_is_warned_about_before_anything_is_sent(
    qloop: qasync.QEventLoop, tmp_path: Path, proxy: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        guard = desk.setup.plain_http_guard
        await wait_until(lambda: guard.box is not None and guard.box.isVisible(), 5.0, "the warning")
        box = guard.box
        assert box is not None
        assert REMOTE in box.text() and "unencrypted" in box.text()
        await asyncio.sleep(0.5)  # time enough for a request that was not held back to arrive
        assert proxy.requests == [], "a request left before the user answered the warning"
        assert desk.clients.get() is None, "the chat could send the key meanwhile"

        # "Cancel": still nothing is sent, and the status line says why.
        _button(box, "cancel")
        await wait_until(lambda: guard.box is None, 5.0, "the warning to close")
        await asyncio.sleep(0.5)
        assert proxy.requests == []
        assert "not sent" in desk.window.status_line.state_label.text()
        assert desk.clients.get() is None

        # The connection test in Settings asks again; agreeing sends the request (so the check above could
        # have seen one).
        desk.window.settings_button.click()
        dialog = desk.setup._dialog
        assert dialog is not None
        dialog.test_button.click()
        await wait_until(lambda: guard.box is not None, 5.0, "the warning before the connection test")
        assert proxy.requests == [] and guard.box is not None
        _button(guard.box, "sendUnencryptedButton")
        await wait_until(lambda: len(proxy.requests) > 0, 10.0, "the connection test through the proxy")
        assert proxy.requests[0].headers["authorization"].startswith("Bearer ")
        dialog.reject()

    run_app(
        qloop,
        tmp_path,
        body,
        environ={"GEMINI_API_KEY": KEY},
        settings={"base_url": REMOTE, "proxy_mode": "url", "proxy_url": proxy.base_url},
    )


def test_agreeing_once_lets_the_chat_use_the_gateway_for_the_rest_of_the_run(
    qloop: qasync.QEventLoop, tmp_path: Path, proxy: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        guard = desk.setup.plain_http_guard
        await wait_until(lambda: guard.box is not None, 5.0, "the warning")
        assert guard.box is not None
        _button(guard.box, "sendUnencryptedButton")
        _, _, status = await send_and_wait(desk, "Hello over plain http")
        assert status == "complete"
        assert any(r.path.endswith(":streamGenerateContent") for r in proxy.requests)
        assert guard.box is None, "asked twice for the same address"

    run_app(
        qloop,
        tmp_path,
        body,
        environ={"GEMINI_API_KEY": KEY},
        settings={"base_url": REMOTE, "proxy_mode": "url", "proxy_url": proxy.base_url},
    )


def test_a_loopback_http_gateway_is_used_without_a_warning(
    qloop: qasync.QEventLoop, tmp_path: Path, proxy: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        _, _, status = await send_and_wait(desk, "Hello over loopback")
        assert status == "complete"
        assert desk.setup.plain_http_guard.box is None

    run_app(qloop, tmp_path, body, proxy)
