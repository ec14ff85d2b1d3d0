"""Tools in the whole app: the demo's MCP server, the approval card by keyboard and by mouse, persistence."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, transcript_text, type_and_send, wait_until
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.mcp_servers import stdio_command
from tests.helpers.setup_steps import use_keyring
from tests.helpers.shown_text import shows
from tests.helpers.tools_page import open_tools_page

WAIT = 60.0  # starting the demo's MCP server is a new Python process: generous on a loaded machine


def test_asking_the_time_in_tokyo_asks_first_and_answers_after_allow_once_by_keyboard(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        card = window.tool_approval
        await wait_until(lambda: window.tools_button.isVisible(), what="the tools button")
        assert window.tools_button.text() == "Tools: 1"
        type_and_send(desk, "What time is it in Tokyo?")
        await wait_until(card.isVisible, WAIT, "the approval card")
        assert "get_time" in card.title.text() and "demo" in card.title.text()
        assert json.loads(card.arguments.toPlainText()) == {"zone": "Tokyo"}
        assert "Function call: get_time" in transcript_text(desk)  # the call's card in the transcript
        QTest.keyClick(card.buttons["once"], Qt.Key.Key_Space)
        await wait_until(lambda: "It is **" in _stored_answer(desk), WAIT, "the answer")
        await wait_until(lambda: not desk.chat.is_streaming(window_conversation(desk)), WAIT)
        shown = transcript_text(desk)
        assert not card.isVisible()
        assert "Result of demo/get_time" in shown and "allowed once" in shown
        assert "Asia/Tokyo" in shown

    run_app(qloop, tmp_path, body, demo=True, timeout=180)


def test_deny_by_mouse_sends_an_error_back_and_nothing_runs(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    async def body(desk: GeminiDesk) -> None:
        card = desk.window.tool_approval
        type_and_send(desk, "/tools")
        await wait_until(card.isVisible, WAIT, "the approval card")
        QTest.mouseClick(card.buttons["deny"], Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Error from demo/get_time" in transcript_text(desk), WAIT)
        await wait_until(lambda: not desk.chat.is_streaming(window_conversation(desk)), WAIT)
        shown = transcript_text(desk)
        assert "denied" in shown and "The user denied this function call" in shown

    run_app(qloop, tmp_path, body, demo=True, timeout=180)


def test_typing_on_when_the_card_appears_never_allows_the_call(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    # The user is writing the next message when the model asks for a tool: Enter and Space go on landing in
    # the message box, never on "Allow once".
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        card = window.tool_approval
        editor = window.composer.editor
        window.activateWindow()
        type_and_send(desk, "/tools")
        editor.setFocus()
        await wait_until(card.isVisible, WAIT, "the approval card")
        assert QApplication.focusWidget() is editor
        for key in (Qt.Key.Key_A, Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QTest.keyClick(editor, key)
        await asyncio.sleep(0.3)
        assert card.isVisible(), "a key typed in the message box answered the card"
        # Not typing: the focus goes to the read-only arguments, where Enter and Space do nothing either.
        QTest.mouseClick(card.buttons["deny"], Qt.MouseButton.LeftButton)
        await wait_until(lambda: not desk.chat.is_streaming(window_conversation(desk)), WAIT)
        window.transcript.setFocus()
        type_and_send(desk, "/tools")
        await wait_until(card.isVisible, WAIT, "the card again")
        assert QApplication.focusWidget() is card.arguments
        for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
            QTest.keyClick(card.arguments, key)
        await asyncio.sleep(0.3)
        assert card.isVisible()
        QTest.mouseClick(card.buttons["deny"], Qt.MouseButton.LeftButton)
        await wait_until(lambda: not desk.chat.is_streaming(window_conversation(desk)), WAIT)

    run_app(qloop, tmp_path, body, demo=True, timeout=180)


def test_stop_while_asking_answers_the_call_as_stopped(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    async def body(desk: GeminiDesk) -> None:
        card = desk.window.tool_approval
        type_and_send(desk, "/tools")
        await wait_until(card.isVisible, WAIT, "the approval card")
        assert desk.window.composer.stop_button.isVisible()
        QTest.mouseClick(desk.window.composer.stop_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not card.isVisible(), WAIT, "the card to go")
        conversation_id = window_conversation(desk)
        await wait_until(lambda: not desk.chat.is_streaming(conversation_id), WAIT)
        messages = desk.store.list_messages(conversation_id)
        assert [m.role for m in messages] == ["user", "model", "user"]
        [response] = messages[-1].parts
        assert "stopped" in response["functionResponse"]["response"]["error"]

    run_app(qloop, tmp_path, body, demo=True, timeout=180)


def window_conversation(desk: GeminiDesk) -> int:
    current = desk.window_controller.current_conversation
    assert current is not None
    return current


def _stored_answer(desk: GeminiDesk) -> str:
    current = desk.window_controller.current_conversation
    if current is None:
        return ""
    messages = desk.store.list_messages(current)
    return messages[-1].text if messages and messages[-1].role == "model" else ""


def test_pasting_mcp_servers_json_adds_them_with_secrets_in_the_keyring_and_test_lists_tools(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command()
    broken_command, broken_args = stdio_command("--fail-start")
    pasted = json.dumps(
        {
            "mcpServers": {
                "tests": {
                    "command": command,
                    "args": list(args),
                    "env": {"SERVICE_TOKEN": "tok-123", "MODE": "x"},
                },
                "broken": {"command": broken_command, "args": list(broken_args)},
            }
        }
    )

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        page.json_edit.setPlainText(pasted)
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 2, WAIT, "the servers listed")
        assert "Added: broken, tests." in page.import_result.text()
        page.servers.setCurrentRow(0)
        assert page.selected_server() == "tests"
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Ready"), WAIT, "the server to be ready")
        assert "echo" in page.status.text() and "crash" in page.status.text()
        page.servers.setCurrentRow(1)
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Failed"), WAIT, "the failure")
        assert "permission denied" in page.stderr_tail.toPlainText()
        # Said in the app's words, with the error's own words quoted under them.
        assert page.status.text().startswith("Failed: The server ended before it answered")
        assert "In the error's own words: “MCPError: Connection closed”" in page.status.text()
        saved = (tmp_path / "config" / "settings.json").read_text(encoding="utf-8")
        assert "tok-123" not in saved and "SERVICE_TOKEN" in saved
        assert desk.window.tools_button.isVisible()

    backend = MemoryKeyring()
    with use_keyring(backend):
        run_app(qloop, tmp_path, body, gateway, timeout=180)
    assert "tok-123" in backend.secrets.values()


def test_a_pasted_server_reusing_a_known_name_is_renamed_and_gets_neither_its_secret_nor_its_approvals(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command()
    first = {"tests": {"command": command, "args": list(args), "env": {"SERVICE_TOKEN": "tok-1"}}}
    # Someone else's JSON: the same name, another program, and an empty token hoping for the stored one.
    impostor = {"tests": {"command": command, "args": ["-c", "pass"], "env": {"SERVICE_TOKEN": ""}}}

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        page.json_edit.setPlainText(json.dumps({"mcpServers": first}))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 1, WAIT, "the first server")
        desk.tool_controller.remember_always("tests/echo")
        page.json_edit.setPlainText(json.dumps({"mcpServers": impostor}))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 2, WAIT, "the second server")
        assert "renamed: tests (2)" in page.import_result.text()
        servers = {s.name: s for s in desk.tool_service.settings.servers}
        assert servers["tests"].args == tuple(args), "the known server was replaced"
        filled = await desk.tool_service.with_secrets(servers["tests (2)"])
        assert "SERVICE_TOKEN" not in filled.env
        assert (await desk.tool_service.with_secrets(servers["tests"])).env["SERVICE_TOKEN"] == "tok-1"
        assert desk.tool_service.settings.always_allowed == ("tests/echo",)

    with use_keyring(MemoryKeyring()):
        run_app(qloop, tmp_path, body, gateway, timeout=180)


def test_removing_a_server_deletes_its_keyring_entries_approvals_and_log(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command()
    pasted = {"tests": {"command": command, "args": list(args), "env": {"SERVICE_TOKEN": "tok-9"}}}
    backend = MemoryKeyring()

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        page.json_edit.setPlainText(json.dumps({"mcpServers": pasted}))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 1, WAIT, "the server")
        assert "tok-9" in backend.secrets.values()
        desk.tool_controller.remember_always("tests/echo")
        conversation = desk.store.create(
            "with tools", "m", {"mcp_tools": ["tests"], "tool_approvals": ["tests/add"]}
        )
        page.servers.setCurrentRow(0)
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Ready"), WAIT, "the server to be ready")
        log = desk.tool_service.host.log_path("tests")
        assert log.exists()
        QTest.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Removed tests." in page.import_result.text(), WAIT, "the removal")
        assert page.servers.count() == 0
        assert "tok-9" not in backend.secrets.values(), "the server's secret stayed in the keyring"
        assert desk.tool_service.settings.always_allowed == ()
        stored = desk.store.get(conversation.id)
        assert stored is not None and stored.settings == {"mcp_tools": [], "tool_approvals": []}
        assert not log.exists()
        assert desk.tool_service.host.state("tests").state == "stopped"

    with use_keyring(backend):
        run_app(qloop, tmp_path, body, gateway, timeout=180)


def test_a_server_added_again_while_its_removal_still_stops_it_keeps_its_secret(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command(
        "--stubborn"
    )  # slow to stop: the removal is still running when it comes back
    pasted = {"tests": {"command": command, "args": list(args), "env": {"SERVICE_TOKEN": "tok-9"}}}
    backend = MemoryKeyring()

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        page.json_edit.setPlainText(json.dumps({"mcpServers": pasted}))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 1, WAIT, "the server")
        page.servers.setCurrentRow(0)
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Ready"), WAIT, "the server to be ready")
        QTest.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
        page.json_edit.setPlainText(json.dumps({"mcpServers": pasted}))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Removed tests." in page.import_result.text(), WAIT, "the removal")
        assert [s.name for s in desk.tool_service.settings.servers] == ["tests"]
        assert "tok-9" in backend.secrets.values(), "the removal deleted the new copy's secret"
        server = desk.tool_service.settings.servers[0]
        assert (await desk.tool_service.with_secrets(server)).env["SERVICE_TOKEN"] == "tok-9"

    with use_keyring(backend):
        run_app(qloop, tmp_path, body, gateway, timeout=180)


def test_a_token_typed_in_the_arguments_is_moved_to_the_keyring_and_plain_http_secrets_are_warned_about(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command("--api-key=sk-typed-123")
    pasted = {
        "tests": {"command": command, "args": list(args)},
        "remote": {"url": "http://mcp.example.com/mcp", "headers": {"Authorization": "Bearer tok-4"}},
    }
    backend = MemoryKeyring()

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        assert not page.move_button.isVisible()
        page.json_edit.setPlainText(json.dumps({"mcpServers": pasted}))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(page.move_button.isVisible, WAIT, "the question")
        assert "tests: --api-key" in page.credentials_warning.text()
        assert page.servers.count() == 0, "saved before the user answered"
        QTest.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 2, WAIT, "the servers")
        assert not page.move_button.isVisible()
        assert "plain http://" in page.import_result.text() and "remote" in page.import_result.text()
        saved = (tmp_path / "config" / "settings.json").read_text(encoding="utf-8")
        assert "sk-typed-123" not in saved and "tok-4" not in saved
        assert "--api-key=${API_KEY}" in saved
        assert "sk-typed-123" in backend.secrets.values()
        # The server still gets its key, filled in at start.
        page.select_server("tests")
        assert page.selected_server() == "tests"
        assert not page.plain_http_warning.isVisible()
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Ready"), WAIT, "the server to be ready")
        outcome = await desk.tool_service.host.call("tests", "argv", {}, timeout=30)
        assert outcome.result is not None and outcome.result.text().endswith("--api-key=sk-typed-123")
        page.select_server("remote")
        assert page.selected_server() == "remote"
        assert page.plain_http_warning.isVisible()
        assert "plain http://" in page.plain_http_warning.text()

    with use_keyring(backend):
        run_app(qloop, tmp_path, body, gateway, timeout=180)


def test_a_server_name_is_shown_as_written_in_the_tools_buttons_tooltip(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # Names come from pasted or imported mcpServers; Qt reads a tooltip that looks like HTML as HTML.
    command, args = stdio_command()
    tools = {"servers": [{"name": "<title>clock", "command": command, "args": list(args)}]}

    async def body(desk: GeminiDesk) -> None:
        button = desk.window.tools_button
        await wait_until(button.isVisible, what="the tools button")
        assert "Tools on in this conversation: <title>clock" in shows(button.toolTip())

    run_app(qloop, tmp_path, body, gateway, settings={"tools": tools})
