"""The UI language: chosen from the setting or the system, applied to our texts, Qt's and the core's alike."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox

from app.core.gemini.retry import RetryPolicy
from app.core.texts import Text
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.dialogs.shortcuts_dialog import ShortcutsDialog
from app.qt.translations import CATALOG, core_text, install_language, resolve_language
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("compiled_translations")

# What the core says for the "503-model-not-found" scenario (app/core/texts/).
MODEL_ACCESS_EN = "The gateway has no channel for this model in your key's group"
MODEL_ACCESS_ZH = "网关在该密钥的分组下没有此模型的可用渠道"
SERVER_ZH = "网关或上游服务出错"


def bar_tips(desk: GeminiDesk) -> set[str]:
    """The tooltips of the message action bar's buttons (Copy, Edit, Regenerate, …)."""
    return {button.toolTip() for button in desk.window.transcript.message_focus.bar.buttons.values()}


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("en", "zh_CN", "en"),
        ("zh_CN", "en_US", "zh_CN"),
        ("system", "zh_CN", "zh_CN"),
        ("system", "zh_TW", "zh_CN"),
        ("system", "en_GB", "en"),
        ("system", "de_DE", "en"),
        ("nonsense", "zh_CN", "zh_CN"),
    ],
)
def test_the_setting_wins_and_system_follows_the_locale(setting: str, system: str, expected: str) -> None:
    assert resolve_language(setting, QLocale(system)) == expected


def test_the_core_speaks_the_ui_language_installed_and_follows_a_change(qapp: QApplication) -> None:
    title = Text("gemini.model_access.no_channel.title")
    assert core_text(title) == MODEL_ACCESS_EN
    installed = install_language("zh_CN")
    try:
        assert core_text(title) == MODEL_ACCESS_ZH
    finally:
        installed.remove()
    assert core_text(title) == MODEL_ACCESS_EN


def test_chinese_translates_our_texts_and_qt_standard_buttons_until_removed(qapp: QApplication) -> None:
    before = QLocale().name()
    installed = install_language("zh_CN")
    try:
        assert set(installed.loaded) == {CATALOG, "qtbase"}
        assert QApplication.translate("Composer", "Send") == "发送"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None and cancel.text().replace("&", "").startswith("取消")
        assert QLocale().name() == "zh_CN"
    finally:
        installed.remove()
    assert QApplication.translate("Composer", "Send") == "Send"
    assert QLocale().name() == before


def test_english_installs_no_translator(qapp: QApplication) -> None:
    installed = install_language("en")
    try:
        assert installed.loaded == []
        assert QApplication.translate("Composer", "Send") == "Send"
    finally:
        installed.remove()


def test_missing_compiled_translations_leave_english_and_say_so(
    qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    installed = install_language("zh_CN", directory=tmp_path)
    try:
        assert installed.loaded == ["qtbase"]
        assert QApplication.translate("Composer", "Send") == "Send"
        assert any("no gemini_desk translations for zh_CN" in r.getMessage() for r in caplog.records)
    finally:
        installed.remove()


def test_the_window_and_core_errors_are_chinese_in_zh_cn(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("503-model-not-found")

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        assert window.composer.send_button.text() == "发送"
        assert window.settings_button.text() == "设置"
        assert window.sidebar.search.placeholderText() == "搜索会话"
        assert window.composer.editor.placeholderText().startswith("给 Gemini 发消息")
        _, _, status = await send_and_wait(desk, "你好")
        assert status == "error"
        shown = transcript_text(desk)
        assert MODEL_ACCESS_ZH in shown
        assert MODEL_ACCESS_EN not in shown
        # The transcript's own chrome: the actions under the messages and the error box's Retry.
        # The actions are icon buttons: their tooltips are translated; the error box's Retry is a word.
        tips = bar_tips(desk)
        assert "重新生成" in tips and "重试" in shown
        assert "Regenerate" not in tips and "Retry" not in shown
        assert window.status_line.state_label.text() == "请求失败。"

    run_app(qloop, tmp_path, body, gateway, settings={"language": "zh_CN"})
    # The translators went away with the app: the next app in this process starts in English.
    assert QApplication.translate("Composer", "Send") == "Send"


def test_the_window_and_core_errors_are_english_in_en(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("503-model-not-found")

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        assert window.composer.send_button.text() == "Send"
        assert window.settings_button.text() == "Settings"
        assert window.sidebar.search.placeholderText() == "Search conversations"
        _, _, status = await send_and_wait(desk, "hello")
        assert status == "error"
        shown = transcript_text(desk)
        assert MODEL_ACCESS_EN in shown
        assert MODEL_ACCESS_ZH not in shown
        assert window.status_line.state_label.text() == "The request failed."

    run_app(qloop, tmp_path, body, gateway, settings={"language": "en"})


def test_retries_are_announced_in_chinese_with_the_core_reason(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt, rng=None: 0.0)  # retry at once
    gateway.set_scenario("500-google")  # every attempt fails, so the client retries
    announced: list[str] = []

    async def body(desk: GeminiDesk) -> None:
        # Connected after the window controller's slot: sees the status line it has just written.
        desk.chat.retrying.connect(lambda *_: announced.append(desk.window.status_line.state_label.text()))
        _, _, status = await send_and_wait(desk, "你好")
        assert status == "error"

    run_app(qloop, tmp_path, body, gateway, settings={"language": "zh_CN"})
    assert announced, "the client never retried"
    assert announced[0].startswith("0 秒后重试（第 1 次）：")
    assert announced[0].endswith(SERVER_ZH)


async def _choose_language(desk: GeminiDesk, language: str) -> None:
    """Settings → Language → ``language`` → OK, as a user does."""
    desk.window.settings_button.click()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    combo = dialog.language_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["system", "en", "zh_CN"]
    combo.setCurrentIndex(combo.findData(language))
    ok = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    ok.click()
    await asyncio.sleep(0.1)  # Qt delivers the language change as posted events


def test_choosing_chinese_in_settings_applies_at_once_and_is_kept_for_the_next_start(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    async def choose_chinese(desk: GeminiDesk) -> None:
        window = desk.window
        await send_and_wait(desk, "hello")
        window.show_shortcuts()  # an open help sheet follows too
        await _choose_language(desk, "zh_CN")
        (sheet,) = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog) and w.isVisible()
        ]
        assert sheet.windowTitle() == "键盘快捷键" and "新建会话" in dict(sheet.rows())
        sheet.reject()
        # The whole window speaks Chinese at once: buttons, menus, the find bar, the transcript, the status.
        assert window.composer.send_button.text() == "发送"
        assert window.settings_button.text() == "设置"
        assert window.sidebar.search.placeholderText() == "搜索会话"
        assert [m.title() for m in window.menuBar().findChildren(QMenu)][:3] == [
            "会话(&C)",
            "视图(&V)",
            "帮助(&H)",
        ]
        assert window.shortcut_actions["new_conversation"].text() == "新建会话"
        assert window.find_bar.field.placeholderText() == "在此会话中查找"
        # The transcript's actions are icon buttons: their tooltips speak the new language.
        tips = bar_tips(desk)
        assert "复制" in tips and "Copy" not in tips
        assert window.status_line.figures_label.text().startswith("输入 ")
        # And back to English, also at once.
        await _choose_language(desk, "en")
        assert window.composer.send_button.text() == "Send"
        assert "Copy" in bar_tips(desk)
        await _choose_language(desk, "zh_CN")

    async def look(desk: GeminiDesk) -> None:
        assert desk.window.composer.send_button.text() == "发送"
        assert desk.window.settings_button.text() == "设置"

    run_app(qloop, tmp_path, choose_chinese, demo=True)
    run_app(qloop, tmp_path, look, demo=True, settings={"language": _saved_language(tmp_path)})


def _saved_language(data_dir: Path) -> str:
    """The language the first run saved (passed on as is: the harness would otherwise write English)."""
    saved = json.loads((data_dir / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved["language"] == "zh_CN"
    return str(saved["language"])


def test_a_full_disk_is_reported_in_chinese(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "你好")  # a conversation with a stored exchange
        connection = desk.database.connection
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # the database may grow no more
        desk.window.composer.set_text("长" * 200_000)
        desk.window_controller.drafts.save()
        boxes = [box for box in desk.window.findChildren(QMessageBox, "storageError") if box.isVisible()]
        assert len(boxes) == 1
        assert boxes[0].windowTitle() == "无法保存"
        assert boxes[0].text().startswith("保存聊天记录的磁盘已满")
        assert boxes[0].informativeText() == "请释放一些磁盘空间后重试。之前的会话不受影响。"
        connection.execute("PRAGMA max_page_count = 1073741823")
        desk.window.composer.set_text("")
        boxes[0].close()

    run_app(qloop, tmp_path, body, gateway, settings={"language": "zh_CN"})
