"""The Markdown export keeps what the transcript shows: attachment names, notices, instruction, headings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtWidgets import QFileDialog, QMenu

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import await_future, run_app, send_and_wait


async def export_markdown_like_a_user(desk: GeminiDesk, conversation_id: int, target: Path) -> str:
    """Right-click the conversation, choose "Export as Markdown…", pick ``target``; return the file's text."""
    sidebar = desk.window.sidebar
    view = sidebar.list_view
    index = desk.conversations.index(desk.conversations.row_of(conversation_id))
    sidebar._show_menu(view.visualRect(index).center())
    menu = sidebar.findChildren(QMenu)[-1]
    (action,) = [a for a in menu.actions() if a.text() == "Export as Markdown…"]
    action.trigger()
    menu.close()
    dialog = desk.exports.dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    finished = signal_future(desk.exports.export_finished)
    dialog.fileSelected.emit(str(target))  # what choosing the file does
    assert await await_future(finished) == (str(target),)
    dialog.close()
    return target.read_text(encoding="utf-8")


def test_the_markdown_export_keeps_names_notices_instruction_and_the_outline(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("buy milk\n", encoding="utf-8")
    target = tmp_path / "out" / "week.md"
    target.parent.mkdir()

    async def body(desk: GeminiDesk) -> None:
        desk.attachments.add_paths([str(notes)])
        await asyncio.wait_for(desk.attachments.wait_idle(), 10)
        conversation_id, _, _ = await send_and_wait(desk, "Summarise my notes /long")
        await send_and_wait(desk, "/scenario max-tokens-no-parts")
        await send_and_wait(desk, "/scenario safety")
        desk.store.set_settings(
            conversation_id, {"system_instruction": "Answer as a pirate.", "temperature": 0.2}
        )

        text = await export_markdown_like_a_user(desk, conversation_id, target)
        # The attachment by its own name, saved with its own extension.
        (link,) = [line for line in text.splitlines() if line.startswith("[notes.txt](")]
        saved = target.parent / link.removeprefix("[notes.txt](").removesuffix(")")
        assert saved.suffix == ".txt" and saved.read_text(encoding="utf-8") == "buy milk\n"
        assert "application/" not in text and "text/plain" not in text
        # The answer's own "#" heading sits below the message headings: only the title is a level-1 heading.
        assert len([line for line in text.splitlines() if line.startswith("# ")]) == 1
        assert "\n### A long answer · 一个很长的回答\n" in text
        # The notices the transcript shows under the answers.
        assert "Thinking used the whole output budget" in text
        assert "Stopped by safety filters" in text
        # The conversation's instruction and parameters.
        assert "> **System instruction**\n>\n> Answer as a pirate." in text
        assert "`temperature: 0.2`" in text

    run_app(qloop, tmp_path, body, gateway)
