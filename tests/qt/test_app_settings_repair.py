"""A settings file that had to be repaired at start: the user is told, and a lost gateway is never guessed.

If the stored gateway address cannot be used, the default gateway stands in for it. A key meant for the
user's own gateway must not go there unasked, so nothing is sent until the user confirms a gateway. To prove
that without touching the network, the settings route every request through a proxy on loopback that
records what it is asked for and then hangs up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QDoubleSpinBox, QMessageBox, QPushButton

from app.core.settings import DEFAULT_BASE_URL
from app.demo.server import GatewayDouble
from app.main import GeminiDesk, parse_args
from app.qt.dialogs.settings_dialog import SettingsDialog
from tests.helpers.app_harness import run_app, send_and_wait, stop_desk, wait_until
from tests.helpers.loopback import LoopbackListener

# Some cases read the app in Chinese: the compiled translations must exist.
pytestmark = pytest.mark.usefixtures("compiled_translations")


@pytest.fixture
def proxy() -> Iterator[LoopbackListener]:
    """A proxy that names each destination it is asked for, then hangs up."""
    recorder = LoopbackListener(hang_up=True)
    yield recorder
    recorder.close()


def _notice(desk: GeminiDesk) -> str:
    box = desk.notice_box
    assert isinstance(box, QMessageBox) and box.isVisible(), "no notice was shown"
    return box.text()


def _kept_copies(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "config").glob("settings.json.broken-*"))


def test_a_lost_gateway_address_is_reported_and_the_key_is_not_used_until_a_gateway_is_confirmed(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, proxy: LoopbackListener
) -> None:
    settings = {"base_url": "htp://my-gateway.example", "proxy_mode": "url", "proxy_url": proxy.url}

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        shown = _notice(desk)
        assert "reset to their defaults: Gateway URL." in shown
        assert "not sent to any gateway until you confirm one" in shown
        kept = _kept_copies(tmp_path)
        assert len(kept) == 1 and kept[0].name in shown
        assert "htp://my-gateway.example" in kept[0].read_text(encoding="utf-8")
        # The welcome page asks for a gateway; the key from the environment is not used on its own.
        await wait_until(lambda: window.pages.currentWidget() is window.welcome, 5.0, "the welcome page")
        assert window.welcome.base_url_edit.text() == DEFAULT_BASE_URL
        assert desk.clients.connection is None
        await asyncio.sleep(0.5)
        assert proxy.requests == [], "a request left before the user confirmed a gateway"
        assert gateway.requests == []

        # The user enters their gateway for this session: from now on it is used, and only it (the model
        # list is fetched through the proxy, which names the destination).
        window.welcome.base_url_edit.setText(gateway.base_url)
        window.welcome.key_field.set_key("session-key")
        window.welcome.session_button.click()
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, 5.0, "the chat page")
        # Plain http:// through a proxy crosses the network in clear text, even to a loopback gateway.
        guard = desk.setup.plain_http_guard
        await wait_until(lambda: guard.box is not None, 5.0, "the clear-text warning")
        assert guard.box is not None
        send = guard.box.findChild(QPushButton, "sendUnencryptedButton")
        assert send is not None
        send.click()
        await wait_until(lambda: proxy.requests, 5.0, "the model list request")
        assert all(f" {gateway.base_url}/" in line for line in proxy.requests), proxy.requests

    run_app(qloop, tmp_path, body, environ={"GEMINI_API_KEY": "key-for-my-own-gateway"}, settings=settings)


def test_a_reset_setting_that_is_not_the_gateway_is_reported_and_the_app_connects(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        shown = _notice(desk)
        assert "reset to their defaults: Idle timeout, Theme." in shown
        assert "not sent to any gateway" not in shown
        assert desk.window.pages.currentWidget() is desk.window.chat_page
        _, _, status = await send_and_wait(desk, "hello")
        assert status == "complete"

    run_app(qloop, tmp_path, body, gateway, settings={"theme": "purple", "idle_timeout": "long"})


def test_the_notice_speaks_the_ui_language(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, proxy: LoopbackListener
) -> None:
    settings = {"language": "zh_CN", "base_url": "ftp://x", "font_size": 500, "proxy_url": proxy.url}

    async def body(desk: GeminiDesk) -> None:
        shown = _notice(desk)
        assert "以下设置无法使用，已恢复为默认值：网关 URL、字号。" in shown
        assert "确认网关之前" in shown and _kept_copies(tmp_path)[0].name in shown
        assert "。 " not in shown

    run_app(qloop, tmp_path, body, environ={}, settings={**settings, "proxy_mode": "url"})


def test_a_settings_file_that_is_not_json_is_kept_and_reported(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    gateway: GatewayDouble,
    proxy: LoopbackListener,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The defaults use the system proxy: make it the recorder, so a regression cannot reach the network.
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text('{"base_url": "' + gateway.base_url, encoding="utf-8")

    async def scenario() -> None:
        desk = GeminiDesk(parse_args(["--data-dir", str(tmp_path)]), {"GEMINI_API_KEY": "some-key"})
        await asyncio.wait_for(desk.start(), 10)
        try:
            shown = _notice(desk)
            kept = _kept_copies(tmp_path)
            assert len(kept) == 1 and f"could not be used and was kept as {kept[0].name}" in shown
            assert "not sent to any gateway" in shown
            assert desk.clients.connection is None
            await asyncio.sleep(0.5)
            assert proxy.requests == [] and gateway.requests == []
        finally:
            await stop_desk(desk)

    qloop.run_until_complete(scenario())
    assert kept_text(tmp_path) == '{"base_url": "' + gateway.base_url


def kept_text(data_dir: Path) -> str:
    return _kept_copies(data_dir)[0].read_text(encoding="utf-8")


def test_settings_that_cannot_be_written_still_apply_and_quitting_still_works(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    settings_path = tmp_path / "config" / "settings.json"

    async def body(desk: GeminiDesk) -> None:
        # Writing the file now fails the way a read-only or full disk would (a folder cannot be replaced).
        settings_path.unlink()
        settings_path.mkdir()
        desk.setup.open_settings()
        dialog = desk.window.findChild(SettingsDialog)
        assert dialog is not None
        spin = dialog.findChild(QDoubleSpinBox, "idleTimeoutSpin")
        assert spin is not None
        spin.setValue(123)
        dialog.accept()

        boxes = [b for b in desk.window.findChildren(QMessageBox, "settingsSaveError") if b.isVisible()]
        assert len(boxes) == 1
        assert boxes[0].text().startswith("Could not save the settings file:")
        assert "apply until Gemini Desk closes" in boxes[0].informativeText()
        assert desk.setup.settings.idle_timeout == 123, "the new settings are not in force"
        _, _, status = await send_and_wait(desk, "still working?")
        assert status == "complete"

    # run_app's shutdown must end normally although the settings cannot be saved on the way out either.
    run_app(qloop, tmp_path, body, gateway)
    assert settings_path.is_dir()
