"""A new language applies at once: open dialogs, the empty conversation, the header and the list."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPushButton, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.dialogs.about_dialog import AboutDialog
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.dialogs.shortcuts_dialog import ShortcutsDialog
from app.qt.dialogs.welcome_page import WelcomePage
from app.qt.models.conversation_list_model import ConversationRole
from app.render.design import ICON_S, SPACE_XS
from tests.helpers.app_harness import (
    await_future,
    finished_future,
    run_app,
    send_and_wait,
    type_and_send,
    wait_until,
)
from tests.helpers.languages import ui_language
from tests.helpers.tool_calls import add_call_settings


async def _choose_language(desk: GeminiDesk, language: str) -> None:
    """Settings → Language → ``language`` → OK, as a user does."""
    desk.window.settings_button.click()
    (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible()]
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(language))
    ok = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    ok.click()
    await asyncio.sleep(0.1)  # Qt delivers the language change as posted events


def _rename_tooltip(desk: GeminiDesk) -> str:
    """The tooltip the list shows over the first row's rename icon (the leftmost of its three)."""
    view = desk.window.sidebar.list_view
    rect = view.visualRect(view.model().index(0, 0))
    side = ICON_S + 2 * SPACE_XS
    point = QPoint(rect.right() - SPACE_XS - side * 5 // 2, rect.bottom() - rect.height() // 5)
    QToolTip.hideText()
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    )
    return QToolTip.text()


def test_a_new_language_rewords_open_dialogs_the_empty_conversation_header_and_list(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await send_and_wait(desk, "hello")
        assert _rename_tooltip(desk) == "Rename"
        window.shortcut_actions["new_conversation"].trigger()
        empty = window.transcript.empty_state
        await wait_until(empty.isVisible, what="the empty conversation")
        greeting = empty.findChild(QLabel, "emptyGreeting")
        assert greeting is not None and greeting.text() == "What can I help with?"
        window.conversation_settings_button.click()
        panel = desk.conversation_settings.dialog
        assert panel is not None and panel.isVisible()
        panel.temperature_edit.setText("0.3")  # an edit in progress survives the change
        about = window.show_about()
        sheet = window.show_shortcuts()

        await _choose_language(desk, "zh_CN")

        # The empty conversation: greeting, example prompts (and what a click puts in the box), shortcuts.
        assert greeting.text() == "有什么可以帮你？"
        prompts = empty.findChildren(QPushButton, "examplePrompt")
        assert prompts[0].text() == "解释 HTTPS 如何保护连接的私密性"
        prompts[0].click()
        assert window.composer.text() == "解释 HTTPS 如何保护连接的私密性"
        shortcuts = [label.text() for label in empty.findChildren(QLabel, "emptyShortcuts")]
        assert "键盘快捷键" in shortcuts and "Keyboard shortcuts" not in shortcuts
        # The dialogs that were open: the same windows, reworded, the edit kept.
        assert panel.windowTitle() == "会话设置" and panel.isVisible()
        assert panel.sampling.title() == "采样" and panel.thinking.title() == "思考"
        assert panel.safety.title() == "安全过滤"
        assert panel.temperature_edit.text() == "0.3"
        assert panel.temperature_edit.placeholderText() == "模型默认"
        assert about.isVisible() and about.windowTitle() == "关于 Gemini Desk"
        assert window.show_about() is about  # not rebuilt: the one mechanism rewords it in place
        assert isinstance(sheet, ShortcutsDialog) and sheet.windowTitle() == "键盘快捷键"
        assert "新建会话" in dict(sheet.rows())
        # The header, the composer's model chip, the list's date heading and its hover actions.
        assert window.header.title.toolTip() == "点击重命名会话"
        assert window.composer.model_chip.accessibleDescription() == "打开模型选择器"
        assert window.sidebar.model.index(0).data(ConversationRole.GroupLabel) == "今天"
        assert _rename_tooltip(desk) == "重命名"
        assert window.undo_bar.undo_button.text() == "撤销"

        await _choose_language(desk, "en")
        assert greeting.text() == "What can I help with?"
        assert panel.windowTitle() == "Conversation settings"
        assert isinstance(about, AboutDialog) and about.windowTitle() == "About Gemini Desk"
        assert _rename_tooltip(desk) == "Rename"
        panel.reject()
        about.reject()
        sheet.reject()

    run_app(qloop, tmp_path, body, demo=True)


def test_bars_showing_a_controllers_words_reword_them_too(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await send_and_wait(desk, "hello")
        menu = window.menuBar().findChild(QWidget, "conversationMenu")
        assert menu is not None
        (delete,) = [a for a in menu.actions() if a.text() == "Delete conversation"]
        delete.trigger()
        bar = window.undo_bar
        await wait_until(bar.isVisible, what="the undo bar")
        assert bar.text_label.text() == "Conversation deleted."
        assert bar.undo_button.toolTip() == "Undo (Ctrl+Z)"
        version = "9.9.9"
        window.update_bar.show_ready(
            lambda: QCoreApplication.translate(
                "UpdateController", "Gemini Desk {0} is downloaded and verified."
            ).format(version)
        )

        await _choose_language(desk, "zh_CN")
        assert bar.isVisible() and bar.text_label.text() == "会话已删除。"
        assert bar.undo_button.toolTip() == "撤销（Ctrl+Z）"
        assert window.update_bar.message.text() == "Gemini Desk 9.9.9 已下载并通过验证。"
        await _choose_language(desk, "en")
        assert bar.text_label.text() == "Conversation deleted."
        assert window.update_bar.message.text() == "Gemini Desk 9.9.9 is downloaded and verified."

    run_app(qloop, tmp_path, body, demo=True)


def test_the_status_line_keeps_saying_what_it_said_in_a_new_language(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    settings = add_call_settings(gateway)

    async def body(desk: GeminiDesk) -> None:
        state = desk.window.status_line.state_label
        type_and_send(desk, "Add two and three")
        await wait_until(desk.window.tool_approval.isVisible, 60.0, "the approval card")
        assert state.text() == "Waiting for your answer: allow or deny the tool call."
        await _choose_language(desk, "zh_CN")
        assert state.text() == "等待你的回答：允许或拒绝此次工具调用。"  # not "waiting for the model"
        await _choose_language(desk, "en")
        assert state.text() == "Waiting for your answer: allow or deny the tool call."
        desk.window.tool_approval.buttons["deny"].click()

    run_app(
        qloop,
        tmp_path,
        body,
        gateway,
        settings=settings,
        timeout=180,
    )


def test_the_status_line_rewords_a_streaming_answer_and_a_finished_one(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        status = desk.window.status_line
        gateway.set_scenario(content.slow_chunks(0.3))
        first_text = signal_future(desk.chat.text_received)
        finished = finished_future(desk)
        type_and_send(desk, "a long one")
        await await_future(first_text)
        assert status.state_label.text() == "Gemini 2.5 Flash is answering…"
        await _choose_language(desk, "zh_CN")
        assert not finished.done(), "the answer ended before the language changed: nothing was tested"
        assert status.state_label.text() == "Gemini 2.5 Flash 正在回答…"
        assert status.state_label.accessibleName() == "Gemini 2.5 Flash 正在回答…"
        await await_future(finished)
        assert status.state_label.text() == "就绪。"
        figures = status.figures_label.text()
        await _choose_language(desk, "en")
        # The same state in the new words: still ready (not emptied), the same answer's figures.
        assert status.state_label.text() == "Ready."
        assert status.figures_label.text() != figures and "first token" in status.figures_label.text()

    run_app(qloop, tmp_path, body, gateway, timeout=120)


def test_the_demo_sentence_on_the_status_line_follows_the_language(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    async def body(desk: GeminiDesk) -> None:
        state = desk.window.status_line.state_label
        assert state.text().startswith("Demo gateway on http://127.0.0.1:")
        await _choose_language(desk, "zh_CN")
        assert state.text().startswith("演示网关运行于 http://127.0.0.1:")

    run_app(qloop, tmp_path, body, demo=True)


def test_the_welcome_page_rewords_at_once(qtbot: QtBot) -> None:
    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_saving(False)
    assert page.save_button.text() == "Save and start"
    assert page.test_button.text() == "Test connection"
    with ui_language("zh_CN"):
        QApplication.processEvents()  # Qt posts the language change
        assert page.save_button.text() == "保存并开始"
        assert page.test_button.text() == "测试连接"
        assert page.key_field.reveal_button.text() == "显示"
        titles = [label.text() for label in page.findChildren(QLabel)]
        assert "欢迎使用 Gemini Desk" in titles
    QApplication.processEvents()
    assert page.save_button.text() == "Save and start"
