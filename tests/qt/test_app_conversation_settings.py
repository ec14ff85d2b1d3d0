"""The whole app with the conversation settings panel: its values reach the request and survive restarts."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core.chat.generation import GenerationSettings
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.dialogs.conversation_settings import ConversationSettingsDialog
from tests.helpers.app_harness import (
    await_future,
    finished_future,
    generation_requests,
    process_events,
    run_app,
    send_and_wait,
    type_and_send,
)


def open_panel(desk: GeminiDesk) -> ConversationSettingsDialog:
    """Click the top bar's button, like a user, and return the panel it opened."""
    desk.window.conversation_settings_button.click()
    dialog = desk.conversation_settings.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def pick_model(desk: GeminiDesk, model: str) -> None:
    """Type a model name into the picker and press Enter."""
    line_edit = desk.window.model_picker.combo.lineEdit()
    assert line_edit is not None
    line_edit.selectAll()
    QTest.keyClicks(line_edit, model)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)


def test_panel_settings_reach_the_request_body(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        button = desk.window.conversation_settings_button
        assert button.toolTip().startswith("Conversation settings")
        dialog = open_panel(desk)
        assert not dialog.isModal()
        dialog.system_edit.setPlainText("You are a terse assistant.")
        dialog.temperature_edit.setText("0.3")
        dialog.google_search_check.setChecked(True)
        dialog.thinking_budget_combo.setCurrentIndex(3)  # a fixed budget
        dialog.thinking_budget_spin.setValue(2048)
        dialog.ok_button.click()
        process_events()
        assert desk.conversation_settings.dialog is None

        _, _, status = await send_and_wait(desk, "Hello there")
        assert status == "complete"
        (request,) = generation_requests(gateway)
        sent = request.body
        assert sent["contents"] == [{"role": "user", "parts": [{"text": "Hello there"}]}]
        assert sent["systemInstruction"] == {"parts": [{"text": "You are a terse assistant."}]}
        assert sent["generationConfig"]["temperature"] == 0.3
        assert sent["generationConfig"]["thinkingConfig"] == {"includeThoughts": True, "thinkingBudget": 2048}
        assert sent["tools"] == [{"googleSearch": {}}]

    run_app(qloop, tmp_path, body, gateway)


def test_settings_persist_per_conversation_across_a_restart(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    ids: dict[str, int] = {}

    async def first_run(desk: GeminiDesk) -> None:
        plain = desk.window_controller.actions.new_conversation()
        desk.window.composer.set_text("a draft")  # (an untouched new conversation is dropped when left)
        tuned = desk.window_controller.actions.new_conversation()
        assert plain is not None and tuned is not None
        ids.update(plain=plain, tuned=tuned)
        dialog = open_panel(desk)
        dialog.system_edit.setPlainText("Speak French.")
        dialog.code_execution_check.setChecked(True)
        dialog.stop_edit.setPlainText("FIN")
        dialog.apply_button.click()
        assert dialog.isVisible()
        # The open panel follows the conversation the user opens.
        desk.window_controller.open_conversation(ids["plain"])
        assert dialog.system_edit.toPlainText() == ""
        assert not dialog.code_execution_check.isChecked()
        desk.window_controller.open_conversation(ids["tuned"])
        assert dialog.system_edit.toPlainText() == "Speak French."

    async def second_run(desk: GeminiDesk) -> None:
        assert desk.window_controller.current_conversation == ids["tuned"]
        dialog = open_panel(desk)
        assert dialog.system_edit.toPlainText() == "Speak French."
        assert dialog.code_execution_check.isChecked()
        assert dialog.stop_edit.toPlainText() == "FIN"
        dialog.reject()
        await send_and_wait(desk, "Bonjour")
        sent = generation_requests(gateway)[-1].body
        assert sent["systemInstruction"] == {"parts": [{"text": "Speak French."}]}
        assert sent["tools"] == [{"codeExecution": {}}]
        assert sent["generationConfig"]["stopSequences"] == ["FIN"]
        plain = desk.store.get(ids["plain"])
        assert plain is not None and "systemInstruction" not in str(plain.settings)
        assert GenerationSettings.from_dict(plain.settings).system_instruction == ""

    run_app(qloop, tmp_path, first_run, gateway)
    run_app(qloop, tmp_path, second_run, gateway)


def test_a_new_conversation_starts_from_the_saved_defaults(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def first_run(desk: GeminiDesk) -> None:
        conversation_id = desk.window_controller.actions.new_conversation()
        assert conversation_id is not None
        # This conversation allowed a tool and switched a server on: that stays its own, never a default.
        conversation = desk.store.get(conversation_id)
        assert conversation is not None
        local = {"tool_approvals": ["demo/get_time"], "mcp_tools": ["demo"]}
        desk.store.set_settings(conversation_id, {**conversation.settings, **local})
        dialog = open_panel(desk)
        assert dialog.system_edit.toPlainText() == "Be kind."  # from the settings file
        dialog.url_context_check.setChecked(True)
        dialog.top_k_edit.setText("20")
        dialog.save_default_button.click()
        assert "Saved as the default" in dialog.notice_label.text()
        dialog.reject()
        saved = desk.setup.settings.generation_defaults
        assert saved["top_k"] == 20 and "tool_approvals" not in saved and "mcp_tools" not in saved

    async def second_run(desk: GeminiDesk) -> None:
        conversation_id = desk.window_controller.actions.new_conversation()
        assert conversation_id is not None
        dialog = open_panel(desk)
        assert dialog.system_edit.toPlainText() == "Be kind."
        assert dialog.url_context_check.isChecked()
        assert dialog.top_k_edit.text() == "20"
        dialog.system_edit.setPlainText("Something else")
        dialog.reset_button.click()
        assert dialog.system_edit.toPlainText() == "Be kind."
        dialog.reject()
        await send_and_wait(desk, "Hi")
        sent = generation_requests(gateway)[-1].body
        assert sent["systemInstruction"] == {"parts": [{"text": "Be kind."}]}
        assert sent["tools"] == [{"urlContext": {}}]
        assert sent["generationConfig"]["topK"] == 20
        stored = desk.store.get(conversation_id)
        assert stored is not None and stored.settings["url_context"] is True
        assert GenerationSettings.from_dict(stored.settings).tool_approvals == ()

    run_app(
        qloop,
        tmp_path,
        first_run,
        gateway,
        settings={"generation_defaults": {"system_instruction": "Be kind."}},
    )
    saved = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved["generation_defaults"]["url_context"] is True
    assert saved["generation_defaults"]["top_k"] == 20
    run_app(qloop, tmp_path, second_run, gateway)


def test_picking_a_pro_model_while_the_panel_is_open_revalidates(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        desk.window_controller.actions.new_conversation()
        desk.window.activateWindow()
        QTest.keyClick(
            desk.window,
            Qt.Key.Key_Comma,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        dialog = desk.conversation_settings.dialog
        assert dialog is not None and dialog.isVisible(), "Ctrl+Shift+, did not open the panel"
        dialog.thinking_budget_combo.setCurrentIndex(2)  # off: fine on Flash
        assert dialog.ok_button.isEnabled()

        pick_model(desk, "gemini-2.5-pro")
        assert dialog.model == "gemini-2.5-pro"
        assert not dialog.ok_button.isEnabled()
        assert dialog.error_messages() == [
            "Pro models cannot turn thinking off: choose a budget of 128 to 32768 tokens, or dynamic."
        ]

        pick_model(desk, "gemini-3-flash-preview")
        assert dialog.thinking_level_combo.isVisible()
        assert not dialog.thinking_budget_combo.isVisible()
        assert dialog.ok_button.isEnabled()
        dialog.thinking_level_combo.setCurrentIndex(dialog.thinking_level_combo.findData("minimal"))
        dialog.ok_button.click()
        await send_and_wait(desk, "Think a little")
        sent = generation_requests(gateway)[-1]
        assert sent.path.endswith("gemini-3-flash-preview:streamGenerateContent")
        assert sent.body["generationConfig"]["thinkingConfig"] == {
            "includeThoughts": True,
            "thinkingLevel": "minimal",
        }

    run_app(qloop, tmp_path, body, gateway)


def test_a_thinking_setting_the_new_model_refuses_is_not_sent_and_the_user_is_told(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, _, _ = await send_and_wait(desk, "hello on flash")
        desk.store.set_settings(conversation_id, GenerationSettings(thinking_budget=0).to_dict())
        desk.window.model_picker.set_current_model("gemini-2.5-pro")  # what picking it shows
        desk.window.model_picker.model_chosen.emit("gemini-2.5-pro")
        started = signal_future(desk.chat.settings_adjusted)
        finished = finished_future(desk)
        type_and_send(desk, "hello on pro")
        _, message = await await_future(started)
        assert "Pro models cannot turn thinking off" in message
        assert desk.window.status_line.state_label.text() == message
        await await_future(finished)
        request = generation_requests(gateway)[-1]
        assert request.path.endswith("gemini-2.5-pro:streamGenerateContent")
        thinking = request.body.get("generationConfig", {}).get("thinkingConfig", {})
        assert "thinkingBudget" not in thinking

    run_app(qloop, tmp_path, body, gateway)


def test_conversation_settings_opened_with_no_conversation_leave_no_empty_row_on_cancel(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        assert desk.window_controller.current_conversation is None
        desk.conversation_settings.open_settings()
        dialog = desk.conversation_settings.dialog
        assert dialog is not None and desk.window_controller.current_conversation is not None
        dialog.reject()
        await asyncio.sleep(0.05)  # let the loop deliver what closing posted
        assert desk.window_controller.current_conversation is None
        assert desk.store.list_ids() == [] and desk.conversations.rowCount() == 0

        # Applied settings make the conversation worth keeping.
        desk.conversation_settings.open_settings()
        dialog = desk.conversation_settings.dialog
        assert dialog is not None
        dialog.apply_button.click()
        dialog.reject()
        await asyncio.sleep(0.05)  # let the loop deliver what closing posted
        kept = desk.window_controller.current_conversation
        assert kept is not None and desk.store.list_ids() == [kept]

    run_app(qloop, tmp_path, body, gateway)


def test_the_panels_window_title_shows_a_titles_bidi_override(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation = desk.window_controller.actions.new_conversation()
        assert conversation is not None
        desk.store.rename(conversation, "invoice\u202efdp.exe", is_auto=True)  # reads "invoiceexe.pdf"
        dialog = open_panel(desk)
        assert dialog.windowTitle().endswith("invoice[U+202E]fdp.exe")
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway)
