"""Importing the same export twice: what is already here is recognised, said, and copied only on request."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import await_future, run_app, send_and_wait, wait_until


def _import_through_the_menu(desk: GeminiDesk, path: Path) -> None:
    more = desk.window.sidebar.more_button.menu()
    assert more is not None
    (action,) = [a for a in more.actions() if a.text() == "Import…"]
    action.trigger()
    dialog = desk.exports.dialog
    assert isinstance(dialog, QFileDialog)
    dialog.fileSelected.emit(str(path))  # what choosing the file does
    dialog.close()


def test_importing_an_export_twice_skips_what_is_there_and_says_how_many(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    export = tmp_path / "all.json"

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "first conversation")
        desk.window_controller.actions.new_conversation()
        await send_and_wait(desk, "second conversation")
        assert await desk.exports.export_to(None, "json", str(export))
        desk.window_controller.actions.new_conversation()
        await send_and_wait(desk, "made after the export")
        assert desk.conversations.rowCount() == 3

        finished = signal_future(desk.exports.import_finished)
        _import_through_the_menu(desk, export)
        assert await await_future(finished) == ([],)
        assert desk.conversations.rowCount() == 3 and desk.store.count() == 3  # nothing doubled
        shown = desk.window.status_line.currentMessage()
        assert shown == "Nothing new to import: 2 conversation(s) already here."
        await wait_until(lambda: desk.exports.skipped_box is not None, what="the note about skipped ones")
        notice = desk.exports.skipped_box
        assert notice is not None and notice.isVisible()
        assert "2 conversation(s) in this file are already in your history" in notice.text()
        assert "first conversation" in notice.informativeText()

        # OK (the default) leaves it at that: no copies unless asked for.
        assert notice.defaultButton() is notice.button(QMessageBox.StandardButton.Ok)
        notice.button(QMessageBox.StandardButton.Ok).click()
        await wait_until(lambda: desk.exports.skipped_box is None, what="the note to close")
        assert desk.store.count() == 3

        # Asked for: the same file again, then "Import as Copies".
        _import_through_the_menu(desk, export)
        await wait_until(lambda: desk.exports.skipped_box is not None, what="the note again")
        copied = signal_future(desk.exports.import_finished)
        notice = desk.exports.skipped_box
        assert notice is not None
        copies = notice.findChild(QPushButton, "importAsCopiesButton")
        assert copies is not None
        copies.click()
        (ids,) = await await_future(copied)
        assert len(ids) == 2 and desk.conversations.rowCount() == 5
        assert desk.window.status_line.currentMessage() == "Imported 2 conversation(s)."
        assert len({c.uid for c in desk.store.list()}) == 5

    run_app(qloop, tmp_path, body, gateway)
