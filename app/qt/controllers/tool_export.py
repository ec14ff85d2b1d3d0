"""Settings → Tools → Export: the servers as an mcpServers JSON file for Claude Desktop, Cursor and others.

Those clients fill in no ``${NAME}`` placeholder and read no keyring, so the user chooses: include the secret
values (read from the keyring off the GUI thread; the file then holds them in clear, and is written readable
only by the user), or leave them out (empty values, and the page names each one to fill in over there).
The rules of both forms are ``app.core.tools.export``'s.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QWidget

from app.core.private_files import write_atomically
from app.core.tools.export import export_left_out, export_with_secrets, missing_secrets
from app.core.tools.service import ToolService
from app.qt.async_support import cancel_and_wait, spawn
from app.qt.recent_folder import RecentFolder


class ToolExport(QObject):
    """Asks whether secret values go into the file, asks where it goes, and writes it.

    Args:
        service: The app's tools (their servers, and their secret values from the keyring).
        folder: Where file dialogs start (the folder last used).
        parent: The owner.

    Signals:
        done(str): What happened, for the Tools page to show (written, left out, or why not).

    Attributes:
        box: The question about secret values while it is open (tests answer it).
        dialog: The file dialog while it is open (tests pick a file through its ``fileSelected``).
    """

    done = Signal(str)

    def __init__(
        self, service: ToolService, folder: RecentFolder | None = None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._service = service
        self._folder = folder if folder is not None else RecentFolder()
        self.box: QMessageBox | None = None
        self.dialog: QFileDialog | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, parent: QWidget) -> None:
        """Begin an export from ``parent`` (the Settings dialog)."""
        servers = self._service.settings.servers
        if not servers:
            self.done.emit(self.tr("There are no servers to export yet."))
            return
        secret = [s.name for s in servers if s.secret_names]
        if not secret:
            self._choose_file(parent, include=False)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Export MCP servers"),
            self.tr(
                "These servers use secret values kept in the keyring: {0}. Put the values in the file?"
            ).format(", ".join(secret)),
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setObjectName("toolExportQuestion")
        box.setTextFormat(Qt.TextFormat.PlainText)  # server names are the user's (or a pasted file's) words
        box.setInformativeText(
            self.tr(
                "Included, the file holds your tokens and passwords in plain text: anyone who gets it can "
                "use them. It is written readable only by you; never share it. Left out, the file has empty "
                "values that you fill in where you import it."
            )
        )
        include = box.addButton(self.tr("Include secret values"), QMessageBox.ButtonRole.ActionRole)
        include.setObjectName("toolExportIncludeButton")
        leave = box.addButton(self.tr("Leave them out"), QMessageBox.ButtonRole.AcceptRole)
        leave.setObjectName("toolExportLeaveOutButton")
        box.setDefaultButton(leave)

        def answered(button: QAbstractButton) -> None:
            if button in (include, leave):
                self._choose_file(parent, include=button is include)

        box.buttonClicked.connect(answered)
        box.finished.connect(lambda _result: self._forget_box(box))
        self.box = box
        box.open()

    def _forget_box(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None
        box.deleteLater()

    def _choose_file(self, parent: QWidget, *, include: bool) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = QFileDialog(parent, self.tr("Export MCP servers"), "", self.tr("JSON files (*.json)"))
        dialog.setObjectName("toolExportDialog")
        self._folder.follow(dialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("json")
        dialog.selectFile("mcp-servers.json")
        dialog.fileSelected.connect(
            lambda path: spawn(self.export_to(Path(path), include=include), self._tasks)
        )
        self.dialog = dialog
        dialog.open()  # never exec(): the qasync loop must keep running

    async def export_to(self, path: Path, *, include: bool) -> None:
        """Write the servers to ``path``, with their secret values when ``include``; ``done`` tells how."""
        servers = self._service.settings.servers
        if include:
            filled = [await self._service.with_secrets(server) for server in servers]
            text = export_with_secrets(filled)
            missing = [f"{s.name}: {name}" for s in filled for name in missing_secrets(s)]
        else:
            text, missing = export_left_out(servers)
        try:
            # 0600 whatever was there before; a folder the user chose keeps its own mode.
            await asyncio.to_thread(write_atomically, path, text.encode("utf-8"), private_folder=False)
        except OSError as error:
            self.done.emit(
                self.tr("The file could not be written ({0}): {1}").format(path, error.strerror or error)
            )
            return
        count = len(servers)
        if include:
            said = self.tr(
                "Exported {0} server(s) to {1} with their secret values: the file holds them in plain text "
                "and only you can read it. Keep it private."
            ).format(count, path)
            if missing:
                said += " " + self.tr("The keyring could not give these, left empty: {0}.").format(
                    ", ".join(missing)
                )
        elif missing:
            said = self.tr(
                "Exported {0} server(s) to {1} without secret values. Fill these in where you import it: {2}."
            ).format(count, path, ", ".join(missing))
        else:
            said = self.tr("Exported {0} server(s) to {1}.").format(count, path)
        self.done.emit(said)

    async def aclose(self) -> None:
        """Cancel an export still being written (at quit)."""
        await cancel_and_wait(self._tasks)
