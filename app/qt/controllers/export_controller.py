"""Export conversations to Markdown or JSON, and import JSON exports, through non-blocking file dialogs."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, StoreError
from app.core.visible_text import safe_file_name
from app.qt.async_support import signal_future, spawn
from app.qt.controllers.window_controller import WindowController
from app.qt.main_window import MainWindow
from app.qt.recent_folder import RecentFolder
from app.qt.translations import core_catalogue, core_text

if TYPE_CHECKING:
    # The export and import code is loaded on the first export or import, not at start.
    from app.core.chat.importer import ImportedConversation

ExportFormat = Literal["markdown", "markdown-all", "json"]
"""Markdown of the shown path, Markdown of every version, or the JSON of the whole tree."""

_log = logging.getLogger(__name__)


def _describe(error: Exception) -> str:
    """A failure nobody foresaw, in one line: its type and what it says (lone surrogates replaced)."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text.encode("utf-8", "replace").decode("utf-8")


class ExportController(QObject):
    """Handles the sidebar's export and import intents.

    The file dialogs are opened with ``open()`` (never ``exec()``); the chosen path arrives through
    ``fileSelected``, which calls :meth:`export_to` or :meth:`import_from`. Files are written and read, the
    history is read for an export and written by an import, on worker threads (each on a connection of its
    own): a large history takes seconds, during which the window stays responsive.

    Args:
        window: The main window (its sidebar emits the intents; its status line shows the outcome).
        store: Conversations and messages to export.
        database: Where imported conversations are created.
        window_controller: Opens the first imported conversation.
    """

    export_finished = Signal(str)  # path
    export_failed = Signal(str)  # message
    import_finished = Signal(list)  # ids of the new conversations
    import_failed = Signal(str)  # message

    def __init__(
        self,
        window: MainWindow,
        store: ConversationStore,
        database: Database,
        window_controller: WindowController,
        folder: RecentFolder | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._database = database
        self._window_controller = window_controller
        self._tasks: set[asyncio.Task[Any]] = set()
        self._folder = folder if folder is not None else RecentFolder()
        self.dialog: QFileDialog | None = None
        """The file dialog open now (tests pick a file through its ``fileSelected``)."""
        self._boxes: list[QMessageBox] = []
        self.review_box: QMessageBox | None = None
        """The question about an import's settings, while it is open."""
        self.skipped_box: QMessageBox | None = None
        """The note that an import skipped conversations already here (it offers copies), while open."""
        sidebar = window.sidebar
        sidebar.export_requested.connect(self._on_export_requested)
        sidebar.export_all_requested.connect(self._on_export_all_requested)
        sidebar.import_requested.connect(self.choose_import)

    # --- intents ------------------------------------------------------------------------------------------

    def choose_export(self, conversation_ids: Sequence[int] | None, file_format: ExportFormat) -> None:
        """Ask where to save an export of ``conversation_ids`` (None: every conversation)."""
        ids = list(conversation_ids) if conversation_ids is not None else None
        if file_format == "json":
            name_filter, suffix = self.tr("JSON export (*.json)"), "json"
        else:
            name_filter, suffix = self.tr("Markdown (*.md)"), "md"
        self._open_dialog(
            self.tr("Export conversations") if ids is None else self.tr("Export conversation"),
            save=True,
            name_filter=name_filter,
            suffix=suffix,
            name=f"{self._suggested_name(ids)}.{suffix}",
            on_selected=lambda path: self.export_to(ids, file_format, path),
        )

    def choose_import(self) -> None:
        """Ask which JSON export to import."""
        self._open_dialog(
            self.tr("Import conversations"),
            save=False,
            name_filter=self.tr("JSON export (*.json)"),
            suffix="json",
            name="",
            on_selected=self.import_from,
        )

    def export_to(
        self, conversation_ids: Sequence[int] | None, file_format: ExportFormat, path: str
    ) -> asyncio.Task[bool]:
        """Write the export to ``path`` (what the save dialog's ``fileSelected`` calls).

        Returns:
            The task writing the file; its result tells whether the export succeeded.
        """
        ids = None if conversation_ids is None else list(conversation_ids)
        self._folder.remember(path)
        return spawn(self._write(Path(path), file_format, ids), self._tasks)

    def import_from(self, path: str) -> asyncio.Task[list[int]]:
        """Import the JSON export at ``path`` (what the open dialog's ``fileSelected`` calls).

        Returns:
            The task importing; its result is the list of new conversation ids (empty on failure).
        """
        self._folder.remember(path)
        return spawn(self._import(Path(path)), self._tasks)

    # --- work ---------------------------------------------------------------------------------------------

    async def _write(self, path: Path, file_format: ExportFormat, ids: list[int] | None) -> bool:
        from app.core.chat.export import write_markdown
        from app.core.chat.export_json import gather_export, write_json

        now = time.time()
        self._window.status_line.showMessage(self.tr("Exporting…"))
        try:
            # Reading a long history takes seconds: a worker thread does it, on a connection of its own.
            items = await asyncio.to_thread(gather_export, self._database.path, ids, file_format)
            if file_format == "json":
                await asyncio.to_thread(write_json, path, items, exported_at=now)
            else:
                paths = [(item[0], item[1]) for item in items]  # the shown paths
                await asyncio.to_thread(
                    write_markdown, path, paths, exported_at=now, language=core_catalogue()
                )
        except Exception as error:  # whatever it is, the user must learn that no file was written
            if isinstance(error, OSError):
                reason = str(error.strerror or error)
            elif isinstance(error, StoreError):
                reason = core_text(error.message)
            else:
                _log.exception("exporting to %s failed", path)
                reason = _describe(error)
            message = self.tr("Could not write {0}: {1}").format(path, reason)
            self._report_error(self.tr("Export failed"), message)
            self.export_failed.emit(message)
            return False
        self._window.status_line.showMessage(
            self.tr("Exported %n conversation(s) to {0}.", "", len(items)).format(path.name), 5000
        )
        self.export_finished.emit(str(path))
        return True

    async def _import(self, path: Path) -> list[int]:
        from app.core.chat.importer import MAX_IMPORT_BYTES, ImportFormatError, parse_export, split_known_at

        self._window.status_line.showMessage(self.tr("Importing…"))
        try:
            size = (await asyncio.to_thread(path.stat)).st_size
            if size > MAX_IMPORT_BYTES:  # read and parsed whole, in memory
                mib = 1024 * 1024
                self._fail_import(
                    self.tr("{0} is too large to import: {1} MB, at most {2} MB.").format(
                        path.name, -(-size // mib), MAX_IMPORT_BYTES // mib
                    )
                )
                return []
            data = await asyncio.to_thread(path.read_bytes)
            conversations = await asyncio.to_thread(parse_export, data)
            del data  # up to MAX_IMPORT_BYTES, no longer needed while writing
            # Every database access runs on worker threads, each on a connection of its own.
            new, known = await asyncio.to_thread(split_known_at, self._database.path, conversations)
        except OSError as error:
            message = self.tr("Could not read {0}: {1}").format(path, error.strerror or error)
            self._fail_import(message)
            return []
        except ImportFormatError as error:
            self._fail_import(core_text(error.message))
            return []
        except StoreError as error:
            self._fail_import(core_text(error.message), core_text(error.hint))
            return []
        except Exception as error:  # a file that breaks the reader (JSON nested too deep, say)
            _log.exception("reading the import %s failed", path)
            self._fail_import(self.tr("Could not read {0}: {1}").format(path, _describe(error)))
            return []
        ids = await self._review_and_write(path, new, as_copies=False) if new else []
        if ids is None:
            return []
        self._show_imported(ids, len(known))
        if known:
            self._offer_copies(path, known)
        return ids

    async def _review_and_write(
        self, path: Path, conversations: list[ImportedConversation], *, as_copies: bool
    ) -> list[int] | None:
        """Ask about risky settings, then write; None when the write failed (and was reported)."""
        from app.core.chat.import_review import settings_to_review, with_settings_reset
        from app.core.chat.importer import import_at
        from app.qt.dialogs.import_settings_review import ask_about_imported_settings

        reviews = settings_to_review(conversations)
        if reviews:
            box = ask_about_imported_settings(self._window, reviews)
            self.review_box = box
            await signal_future(box.finished)
            self.review_box = None
            keep = bool(box.clickedButton() and box.clickedButton().property("keep"))
            box.deleteLater()
            if not keep:
                conversations = with_settings_reset(conversations)
        # Nothing is left behind on failure (see import_conversations). It runs on a worker thread, on a
        # connection of its own: a large import writes for seconds (the window froze all that time).
        self._window.status_line.showMessage(self.tr("Importing…"))
        try:
            return await asyncio.to_thread(
                import_at, self._database.path, conversations, now=time.time(), as_copies=as_copies
            )
        except StoreError as error:
            message, hint = core_text(error.message), core_text(error.hint)
            self._fail_import(self.tr("Could not save the imported conversations: {0}").format(message), hint)
        except Exception as error:  # reported, not raised out of the task unseen
            _log.exception("importing %s failed", path)
            self._fail_import(
                self.tr("Could not save the imported conversations: {0}").format(_describe(error))
            )
        return None

    def _show_imported(self, ids: list[int], skipped: int) -> None:
        sidebar = self._window.sidebar
        sidebar.search.clear()
        sidebar.model.reload()
        if ids:
            self._window_controller.open_conversation(ids[0])
        sidebar.select(self._window_controller.current_conversation)
        if ids or not skipped:
            text = self.tr("Imported %n conversation(s).", "", len(ids))
            if skipped:
                text += " " + self.tr("Skipped %n already here.", "", skipped)
        else:
            text = self.tr("Nothing new to import: %n conversation(s) already here.", "", skipped)
        self._window.status_line.showMessage(text, 8000)
        self.import_finished.emit(ids)

    def _offer_copies(self, path: Path, known: list[ImportedConversation]) -> None:
        """Say which conversations were already here; import them again, as copies, only if asked to."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import"), "", QMessageBox.StandardButton.Ok)
        box.setParent(self._window, box.windowFlags())
        box.setObjectName("importSkippedNotice")
        box.setTextFormat(Qt.TextFormat.PlainText)  # titles come from the file
        box.setText(
            self.tr(
                "%n conversation(s) in this file are already in your history and were skipped.",
                "",
                len(known),
            )
        )
        titles = [item.title or self.tr("Untitled") for item in known[:5]]
        box.setInformativeText(
            "\n".join(f"• {title}" for title in titles) + ("\n…" if len(known) > 5 else "")
        )
        copies = box.addButton(self.tr("Import as Copies"), QMessageBox.ButtonRole.ActionRole)
        copies.setObjectName("importAsCopiesButton")
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        self.skipped_box = box

        def done(_result: int) -> None:
            self.skipped_box = None
            if box.clickedButton() is copies:
                spawn(self._import_copies(path, known), self._tasks)
            box.deleteLater()

        box.finished.connect(done)
        box.open()

    async def _import_copies(self, path: Path, known: list[ImportedConversation]) -> list[int]:
        ids = await self._review_and_write(path, known, as_copies=True)
        if ids is None:
            return []
        self._show_imported(ids, 0)
        return ids

    def _fail_import(self, message: str, hint: str = "") -> None:
        self._report_error(self.tr("Import failed"), message, hint)
        self.import_failed.emit(message)

    # --- helpers ------------------------------------------------------------------------------------------

    def _on_export_requested(self, conversation_id: int, file_format: str) -> None:
        self.choose_export([conversation_id], _export_format(file_format))

    def _on_export_all_requested(self, file_format: str) -> None:
        self.choose_export(None, _export_format(file_format))

    def _suggested_name(self, ids: list[int] | None) -> str:
        if ids is not None and len(ids) == 1:
            conversation = self._store.get(ids[0])
            # No folders, reserved characters, bidi overrides or zero-width characters in the suggestion.
            title = safe_file_name(conversation.title if conversation else "")[:60].strip()
            if title:
                return title
        return "gemini-desk-" + time.strftime("%Y-%m-%d")

    def _open_dialog(
        self,
        caption: str,
        *,
        save: bool,
        name_filter: str,
        suffix: str,
        name: str,
        on_selected: Callable[[str], object],
    ) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = QFileDialog(self._window, caption, "", name_filter)
        self._folder.follow(dialog)
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        else:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setDefaultSuffix(suffix)
        if name:
            dialog.selectFile(name)
        dialog.fileSelected.connect(on_selected)
        self.dialog = dialog
        dialog.open()  # never exec(): the qasync loop must keep running

    def _report_error(self, title: str, message: str, hint: str = "") -> None:
        self._window.status_line.set_state(message)
        ok = QMessageBox.StandardButton.Ok
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote the file or the system
        if hint:
            box.setInformativeText(hint)
        self._boxes.append(box)
        box.finished.connect(lambda _result: self._forget_box(box))
        box.open()

    def _forget_box(self, box: QMessageBox) -> None:
        if box in self._boxes:
            self._boxes.remove(box)
            box.deleteLater()


def _export_format(name: str) -> ExportFormat:
    """The export a menu asked for: ``json``, ``markdown-all`` (every version), else the shown paths."""
    return "json" if name == "json" else "markdown-all" if name == "markdown-all" else "markdown"
