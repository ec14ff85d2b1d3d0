"""The whole app against a new-api gateway: the picker's groups, the quota figure, the connection test's line.

A real ``GeminiDesk`` talks to the gateway double acting as new-api on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.gemini.quota import KeyQuota
from app.core.model_cache import ModelCache
from app.demo.new_api import DemoKeyQuota
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.controllers.connection_controller import ConnectionController, gemini_client_factory
from app.qt.controllers.quota_controller import QuotaController
from app.qt.dialogs.conversation_settings import ConversationSettingsDialog
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.widgets.model_picker import MODEL_ID_ROLE
from app.qt.widgets.status_line import StatusLine
from tests.helpers.app_harness import run_app, send_and_wait, wait_until


def usage_requests(gateway: GatewayDouble) -> int:
    return sum(1 for r in gateway.requests if r.path == "/api/usage/token/")


def test_the_demo_shows_the_keys_quota_quietly_in_the_status_bar(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    async def body(desk: GeminiDesk) -> None:
        label = desk.window.status_line.quota_label
        await wait_until(label.isVisible, what="the quota figure")
        assert label.text() == "Quota: 6.15M left"
        assert not label.font().bold()
        assert "Key name: desk-demo" in label.toolTip() and "Expires: never" in label.toolTip()

    run_app(qloop, tmp_path, body, demo=True)


def test_a_low_quota_turns_the_figure_into_a_warning_and_replies_refresh_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.act_as_new_api(key_quota=DemoKeyQuota(remaining=2_000_000, used=8_000_000))

    async def body(desk: GeminiDesk) -> None:
        label = desk.window.status_line.quota_label
        await wait_until(lambda: label.text() == "Quota: 2M left", what="the quota figure")
        gateway.act_as_new_api(key_quota=DemoKeyQuota(remaining=500_000, used=9_500_000))
        before = usage_requests(gateway)
        _, _, status = await send_and_wait(desk, "Hello")
        assert status == "complete"
        # Within a minute of the last figure the refresh after a reply waits: nothing is asked at once.
        await asyncio.sleep(0.3)
        assert usage_requests(gateway) == before
        desk.quota.refresh(force=True)  # what the deferred refresh does when the minute is over
        await wait_until(lambda: label.text() == "⚠ Quota low: 500K left", what="the warning")
        assert label.font().bold()
        assert label.styleSheet().startswith("color:")

    run_app(qloop, tmp_path, body, gateway)


def test_a_gateway_without_quota_routes_shows_no_figure_and_no_error(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await wait_until(lambda: any(r.path == "/dashboard/billing/subscription" for r in gateway.requests))
        await asyncio.sleep(0.2)
        assert not desk.window.status_line.quota_label.isVisible()
        assert "error" not in desk.window.status_line.state_label.text().lower()
        _, _, status = await send_and_wait(desk, "Hello")
        assert status == "complete"

    run_app(qloop, tmp_path, body, gateway)


def test_the_picker_groups_native_then_converted_and_show_all_reveals_the_rest(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.act_as_new_api()

    async def body(desk: GeminiDesk) -> None:
        combo = desk.window.model_picker.combo
        await wait_until(lambda: combo.findData("gpt-4o", MODEL_ID_ROLE) >= 0, what="the model list")
        texts = [combo.itemText(i) for i in range(combo.count())]
        heading = texts.index("Through conversion (no Google Search, code execution or URL context)")
        assert all(t.startswith("gemini") or t.startswith("demo-") for t in texts[:heading] if t)
        assert "claude-sonnet-4-20250514" not in texts
        toggle = next(i for i, t in enumerate(texts) if t.startswith("Show all models"))
        desk.window.composer.model_chip.click()  # the model chip opens the picker and its list
        popup = desk.window.model_popup
        view = popup.list
        await wait_until(view.isVisible, what="the popup")
        view.scrollTo(view.model().index(toggle, 0))
        rect = view.visualRect(view.model().index(toggle, 0))
        QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
        )
        await wait_until(
            lambda: combo.findData("claude-sonnet-4-20250514", MODEL_ID_ROLE) >= 0, what="show all"
        )
        assert view.isVisible(), "the list closed on the toggle"
        shown = [view.model().index(row, 0).data(MODEL_ID_ROLE) for row in range(view.model().rowCount())]
        assert "claude-sonnet-4-20250514" in shown
        claude = combo.findData("claude-sonnet-4-20250514", MODEL_ID_ROLE)
        assert "Claude-type channel" in combo.itemData(claude, Qt.ItemDataRole.ToolTipRole)
        popup.hide()
        assert desk.window.model_picker.current_model() == "gemini-2.5-flash"

    run_app(qloop, tmp_path, body, gateway)


def test_the_connection_test_names_the_key_its_quota_and_expiry(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    expires = int(time.mktime((2027, 1, 31, 12, 0, 0, 0, 0, -1)))
    gateway.act_as_new_api(key_quota=DemoKeyQuota(name="laptop", expires_at=expires))
    controller = ConnectionController(gemini_client_factory(5, 10), ModelCache(tmp_path))

    async def scenario() -> tuple[object, ...]:
        finished = signal_future(controller.test_finished)
        controller.test_connection(gateway.base_url, "test-key", "none", "")
        return await asyncio.wait_for(finished, 10)

    ok, message, _models = qloop.run_until_complete(scenario())
    assert ok is True
    assert isinstance(message, str)
    assert message.splitlines()[-1] == "Key laptop: 6.15M left of 10M, expires 2027-01-31 12:00"


@pytest.mark.parametrize(
    ("quota", "text", "warning"),
    [
        (KeyQuota("new-api", "points", unlimited=True), "Quota: unlimited", False),
        (KeyQuota("billing", "display", remaining=12.3, granted=20.0), "Quota: 12.30 left", False),
        (KeyQuota("billing", "display", remaining=0.5, granted=20.0), "⚠ Quota low: 0.50 left", True),
        (KeyQuota("new-api", "points", remaining=5e6, expires_at=1.0), "⚠ Key expired", True),
        (KeyQuota("new-api", "points"), "", False),
        (None, "", False),
    ],
)
def test_the_status_figure_for_each_kind_of_key(
    qtbot: QtBot, quota: KeyQuota | None, text: str, warning: bool
) -> None:
    line = StatusLine()
    qtbot.addWidget(line)
    line.show()
    line.show_quota(quota, now=1000.0)
    assert line.quota_label.text() == text
    assert line.quota_label.isVisible() == bool(text)
    assert line.quota_label.font().bold() == warning


class CountingClient:
    def __init__(self) -> None:
        self.calls = 0

    async def key_quota(self) -> KeyQuota | None:
        self.calls += 1
        return KeyQuota("new-api", "points", remaining=float(self.calls))


def test_refreshes_after_replies_are_throttled_and_deferred_not_dropped(qloop: qasync.QEventLoop) -> None:
    now = [100.0]
    client = CountingClient()
    controller = QuotaController(lambda: client, min_interval=0.2, clock=lambda: now[0])
    seen: list[object] = []
    controller.quota_changed.connect(seen.append)

    async def scenario() -> None:
        first = controller.refresh()
        assert first is not None
        await first
        assert controller.refresh() is None  # throttled: deferred
        assert controller.refresh() is None  # still one deferred refresh, not two
        now[0] += 1.0
        await asyncio.sleep(0.6)

    qloop.run_until_complete(scenario())
    assert client.calls == 2
    assert [q.remaining for q in seen if isinstance(q, KeyQuota)] == [1.0, 2.0]


def test_settings_account_shows_the_keys_quota_and_expiry(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.act_as_new_api()

    async def body(desk: GeminiDesk) -> None:
        await wait_until(desk.window.status_line.quota_label.isVisible, what="the quota figure")
        desk.window.settings_button.click()
        dialog = desk.window.findChild(SettingsDialog)
        assert dialog is not None and dialog.isVisible()
        page = dialog.findChild(QWidget, "accountTab")
        assert page is not None
        dialog.tabs.setCurrentWidget(page)
        shown = "\n".join(label.text() for label in page.findChildren(QLabel) if label.isVisible())
        assert "Quota: 6.15M left" in shown
        assert "desk-demo" in shown and "never" in shown and "3.85M" in shown and "10M" in shown
        before = usage_requests(gateway)
        refresh = page.findChild(QPushButton, "refreshQuotaButton")
        assert refresh is not None
        refresh.click()
        await wait_until(lambda: usage_requests(gateway) > before, what="a fresh quota request")
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway)


def test_settings_account_says_when_the_gateway_reports_no_quota(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        desk.window.settings_button.click()
        dialog = desk.window.findChild(SettingsDialog)
        assert dialog is not None
        dialog.tabs.setCurrentWidget(dialog.account_tab)
        assert "does not report the key's quota" in dialog.account_tab.summary_label.text()
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway)


def test_conversation_settings_disable_the_tools_of_a_converted_model_and_say_why(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.act_as_new_api()

    async def body(desk: GeminiDesk) -> None:
        picker = desk.window.model_picker
        await wait_until(lambda: picker.combo.findData("gpt-4o", MODEL_ID_ROLE) >= 0, what="the model list")
        desk.window.conversation_settings_button.click()
        dialog = desk.window.findChild(ConversationSettingsDialog)
        assert dialog is not None and dialog.isVisible()
        search = dialog.findChild(QCheckBox, "googleSearchCheck")
        note = dialog.findChild(QLabel, "toolsNote")
        assert search is not None and note is not None
        assert search.isEnabled() and not note.isVisible()
        picker.combo.activated.emit(picker.combo.findData("gpt-4o", MODEL_ID_ROLE))
        assert not search.isEnabled()
        assert (
            note.isVisible()
            and "Google Search, code execution and URL context are not available" in note.text()
        )
        picker.combo.activated.emit(picker.combo.findData("gemini-2.5-pro", MODEL_ID_ROLE))
        assert search.isEnabled() and not note.isVisible()
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway)
