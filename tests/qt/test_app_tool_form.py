"""Settings → Tools' form: add a server field by field, edit and rename it, its secret kept in the keyring."""

from __future__ import annotations

import json
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.dialogs.settings_tools_page import ToolsPage
from tests.helpers.app_harness import run_app, wait_until
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.mcp_servers import stdio_command
from tests.helpers.setup_steps import use_keyring
from tests.helpers.tools_page import open_tools_page

WAIT = 60.0  # a new Python process starts the server: generous on a loaded machine


def _field(page: ToolsPage, name: str) -> QLineEdit:
    field = page.form.findChild(QLineEdit, name)
    assert field is not None, name
    return field


def test_a_server_added_with_the_form_edited_and_renamed_keeps_its_secret_and_approvals(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command()
    backend = MemoryKeyring()

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        form = page.form
        QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
        QTest.keyClicks(form.name, "tests")
        QTest.keyClicks(form.command, command)
        form.args.setPlainText("\n".join(args))
        QTest.mouseClick(form.env.add_button, Qt.MouseButton.LeftButton)
        QTest.keyClicks(_field(page, "toolFormEnvName0"), "SERVICE_TOKEN")
        value = _field(page, "toolFormEnvValue0")
        assert value.echoMode() == QLineEdit.EchoMode.Password, "a token is typed in a password field"
        QTest.keyClicks(value, "tok-7")
        QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 1, WAIT, "the new server")
        assert "Saved tests." in page.import_result.text()
        saved = (tmp_path / "config" / "settings.json").read_text(encoding="utf-8")
        assert "tok-7" not in saved and "SERVICE_TOKEN" in saved
        assert list(backend.secrets.values()) == ["tok-7"]
        # Shown again: the stored secret is never put back in its field.
        assert page.selected_server() == "tests" and form.editing() == "tests"
        assert _field(page, "toolFormEnvValue0").text() == ""
        assert "keyring" in _field(page, "toolFormEnvValue0").placeholderText()

        desk.tool_controller.remember_always("tests/echo")
        conversation = desk.store.create("c", "m", {"mcp_tools": ["tests"], "tool_approvals": ["tests/add"]})
        form.name.setText("renamed")
        form.args.setPlainText("\n".join([*args, "--extra"]))  # another endpoint: the secret moves with it
        QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Saved renamed." in page.import_result.text(), WAIT, "the rename")
        servers = {s.name: s for s in desk.tool_service.settings.servers}
        assert set(servers) == {"renamed"} and servers["renamed"].args[-1] == "--extra"
        assert desk.tool_service.settings.always_allowed == ("renamed/echo",)
        stored = desk.store.get(conversation.id)
        assert stored is not None and stored.settings["tool_approvals"] == ["renamed/add"]
        assert list(backend.secrets.values()) == ["tok-7"], "old account kept, or value lost"
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Ready"), WAIT, "the server to be ready")
        outcome = await desk.tool_service.host.call("renamed", "env", {"name": "SERVICE_TOKEN"}, timeout=30)
        assert outcome.result is not None and outcome.result.text() == "tok-7"

        # A server that cannot start is refused with the reason, and nothing changes.
        form.command.clear()
        QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        await wait_until(form.error.isVisible, WAIT, "the refusal")
        assert "has no command" in form.error.text()
        assert desk.tool_service.settings.servers[0].command == command

    with use_keyring(backend):
        run_app(qloop, tmp_path, body, gateway, timeout=180)


def test_credentials_typed_in_the_forms_arguments_move_to_a_secret_variable(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command()
    backend = MemoryKeyring()

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        form = page.form
        QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
        form.name.setText("keyed")
        form.command.setText(command)
        assert not form.move_button.isVisible()
        form.args.setPlainText("\n".join([*args, "--api-key=sk-form-1"]))
        assert form.move_button.isVisible() and "--api-key" in form.warning.text()
        QTest.mouseClick(form.move_button, Qt.MouseButton.LeftButton)
        assert form.args.toPlainText().endswith("--api-key=${API_KEY}")
        assert not form.move_button.isVisible()
        QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 1, WAIT, "the server")
        saved = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
        assert "sk-form-1" not in json.dumps(saved)
        assert list(backend.secrets.values()) == ["sk-form-1"]
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Ready"), WAIT, "the server to be ready")
        outcome = await desk.tool_service.host.call("keyed", "argv", {}, timeout=30)
        assert outcome.result is not None and outcome.result.text().endswith("--api-key=sk-form-1")

    with use_keyring(backend):
        run_app(qloop, tmp_path, body, gateway, timeout=180)
