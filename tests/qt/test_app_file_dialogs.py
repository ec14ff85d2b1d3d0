"""File dialogs start where the user last chose a file (else home), and speak the UI language throughout."""

from __future__ import annotations

from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import child, run_app, wait_until


def open_attach_dialog(desk: GeminiDesk) -> QFileDialog:
    """Click the paperclip; return the file dialog it opens."""
    child(desk.window.composer, QAbstractButton, "attachButton").click()
    dialog = child(desk.window, QFileDialog, "attachFileDialog")
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    return dialog


def visible_labels(dialog: QFileDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]


def test_file_dialogs_start_at_home_then_in_the_folder_last_used_even_after_a_restart(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    papers = home / "papers"
    papers.mkdir(parents=True)
    (papers / "notes.txt").write_text("a note\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)  # the working directory is never where a dialog starts
    data = tmp_path / "data"

    async def first_run(desk: GeminiDesk) -> None:
        dialog = open_attach_dialog(desk)
        assert Path(dialog.directory().absolutePath()) == Path(QDir.homePath()) == home
        dialog.setDirectory(str(papers))
        dialog.selectFile(str(papers / "notes.txt"))
        dialog.accept()
        await wait_until(lambda: desk.window.composer.attachments(), what="the note attached")
        # The export dialog starts where the file was just chosen.
        desk.exports.choose_export(None, "markdown")
        export_dialog = desk.exports.dialog
        assert export_dialog is not None and export_dialog.isVisible()
        assert Path(export_dialog.directory().absolutePath()) == papers
        export_dialog.reject()

    async def second_run(desk: GeminiDesk) -> None:
        dialog = open_attach_dialog(desk)
        assert Path(dialog.directory().absolutePath()) == papers
        dialog.reject()

    run_app(qloop, data, first_run, gateway)
    run_app(qloop, data, second_run, gateway)


def test_the_file_dialog_is_chinese_throughout_in_the_chinese_ui(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        dialog = open_attach_dialog(desk)
        shown = visible_labels(dialog)
        assert "查找范围(&L)：" in shown and "文件类型(&T)：" in shown, shown
        assert not [text for text in shown if text.isascii() and any(c.isalpha() for c in text)], shown
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway, settings={"language": "zh_CN"})
