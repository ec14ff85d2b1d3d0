"""Settings → Tools → Export: other clients get the secret values, or empty values; never ``${NAME}``."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import child, run_app, wait_until
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.setup_steps import use_keyring
from tests.helpers.tools_page import open_tools_page

WAIT = 30.0
PASTED = {
    "search": {"command": "npx", "args": ["-y", "search-mcp", "--api-key=sk-typed-123"]},
    "github": {
        "command": "docker",
        "args": ["run", "ghcr.io/github/github-mcp-server"],
        "env": {"GITHUB_TOKEN": "ghp-x"},
    },
    "time": {"command": "uvx", "args": ["mcp-server-time"]},
}


async def _export(desk: GeminiDesk, path: Path, answer: str) -> str:
    """Click Export, answer the question with the button ``answer``, pick ``path``; the page's result."""
    page = open_tools_page(desk)
    page.show_import_result("")
    QTest.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    export = desk.tool_controller.export
    await wait_until(lambda: export.box is not None and export.box.isVisible(), WAIT, "the question")
    assert export.box is not None
    assert "search" in export.box.text() and "github" in export.box.text() and "time" not in export.box.text()
    assert "plain text" in export.box.informativeText()
    QTest.mouseClick(child(export.box, QPushButton, answer), Qt.MouseButton.LeftButton)
    await wait_until(lambda: export.dialog is not None and export.dialog.isVisible(), WAIT, "the file dialog")
    assert export.dialog is not None
    export.dialog.fileSelected.emit(str(path))
    await wait_until(lambda: str(path) in page.import_result.text(), WAIT, "the export")
    return page.import_result.text()


def test_exporting_asks_about_secrets_writes_a_private_file_and_imports_back_unchanged(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    backend = MemoryKeyring()
    left_out = tmp_path / "left-out.json"
    included = tmp_path / "with-secrets.json"

    async def body(desk: GeminiDesk) -> None:
        page = open_tools_page(desk)
        page.json_edit.setPlainText(json.dumps({"mcpServers": PASTED}))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(page.move_button.isVisible, WAIT, "the question about the typed key")
        QTest.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.servers.count() == 3, WAIT, "the servers")
        stored = list(desk.tool_service.settings.servers)

        said = await _export(desk, left_out, "toolExportLeaveOutButton")
        text = left_out.read_text("utf-8")
        assert "${" not in text and "sk-typed-123" not in text and "ghp-x" not in text
        servers = json.loads(text)["mcpServers"]
        assert "--api-key=" in servers["search"]["args"] and servers["github"]["env"] == {"GITHUB_TOKEN": ""}
        assert (
            "without secret values" in said and "search: API_KEY" in said and "github: GITHUB_TOKEN" in said
        )
        assert stat.S_IMODE(left_out.stat().st_mode) == 0o600

        said = await _export(desk, included, "toolExportIncludeButton")
        text = included.read_text("utf-8")
        servers = json.loads(text)["mcpServers"]
        assert "${" not in text
        assert "--api-key=sk-typed-123" in servers["search"]["args"] and "API_KEY" not in servers[
            "search"
        ].get("env", {})
        assert servers["github"]["env"] == {"GITHUB_TOKEN": "ghp-x"}
        assert "with their secret values" in said and "plain text" in said
        assert stat.S_IMODE(included.stat().st_mode) == 0o600

        # Our own export without the values, pasted back: nothing changes, the stored values stay.
        page = open_tools_page(desk)
        page.json_edit.setPlainText(left_out.read_text("utf-8"))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Already here, unchanged" in page.import_result.text(), WAIT, "the import")
        assert list(desk.tool_service.settings.servers) == stored and page.servers.count() == 3
        assert "sk-typed-123" in backend.secrets.values() and "ghp-x" in backend.secrets.values()
        # With the values: the typed key is found and moved again, and the servers are the same.
        page.json_edit.setPlainText(included.read_text("utf-8"))
        QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        await wait_until(page.move_button.isVisible, WAIT, "the question about the typed key")
        QTest.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Added:" in page.import_result.text(), WAIT, "the import")
        again = sorted(desk.tool_service.settings.servers, key=lambda s: s.name)
        assert again == sorted(stored, key=lambda s: s.name), "the same servers, none renamed"

    with use_keyring(backend):
        run_app(qloop, tmp_path / "data", body, gateway, timeout=120)
