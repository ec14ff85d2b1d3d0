"""What the user is told while the app starts, before or beside the window.

The fatal box (the app cannot start: a database from a newer version, an unwritable folder), the notice box
(the settings or the database had to be repaired), the box for a running copy that does not answer, and the
notice for a corrupt database set aside. None of these build services; `app.main` decides when they appear.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from app.core.store.db import Database


async def show_fatal(error: Exception) -> None:
    """Tell the user why the app cannot start (a database from a newer version, an unwritable folder…)."""
    from PySide6.QtWidgets import QMessageBox

    from app.core.store.db import StoreError
    from app.core.texts import render
    from app.qt.async_support import signal_future
    from app.qt.translations import core_text

    message = str(error)
    hint = getattr(error, "hint", "")
    if isinstance(error, StoreError):
        print(f"gemini-desk: {message} {render(error.hint, 'en')}".strip(), file=sys.stderr)
        # The UI language is installed before the database opens.
        message, hint = core_text(error.message), core_text(error.hint)
    else:
        print(f"gemini-desk: {message} {hint}".strip(), file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, "Gemini Desk", message)
    if hint:
        box.setInformativeText(hint)
    finished = signal_future(box.finished)
    box.open()  # never exec() inside a coroutine
    await finished


def show_notice(window: QWidget, text: str) -> QMessageBox:
    """Show ``text`` in a warning box that stays until the user closes it (the status line is soon reused)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "Gemini Desk", text, QMessageBox.StandardButton.Ok, window)
    box.setObjectName("startupNotice")
    box.setTextFormat(Qt.TextFormat.PlainText)  # notices name files and settings from outside
    box.open()  # never exec() inside a coroutine
    return box


def warn_not_answering(settings_path: Path) -> None:
    """Say (on stderr and in a box) that the copy running with this data folder does not respond.

    Called before any event loop runs, so the blocking box is safe; no app object has installed the language
    yet, so it is installed for the box and removed after it.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from app.core.settings_store import SettingsStore
    from app.qt.translations import install_language, resolve_language

    installed = install_language(resolve_language(SettingsStore(settings_path).load().language))
    message = QCoreApplication.translate(
        "GeminiDesk", "Gemini Desk is already running with this data folder, but it does not respond."
    )
    print(f"gemini-desk: {message}", file=sys.stderr)
    QMessageBox.warning(None, "Gemini Desk", message)
    installed.remove()


def open_database(path: Path) -> tuple[Database, str | None]:
    """Open the database; a corrupt one is set aside (kept as a backup) and a fresh one started.

    Returns:
        The database, and a message for the user when the old file had to be set aside.
    """
    from PySide6.QtCore import QCoreApplication

    from app.core.store.db import Database, DatabaseCorruptError, backup_corrupt_file

    try:
        return Database.open(path), None
    except DatabaseCorruptError:
        backup = backup_corrupt_file(path)
        notice = QCoreApplication.translate(
            "GeminiDesk",
            "The conversation database could not be read and was kept as {0}; "
            "a new, empty database was started.",
        ).format(backup.name)
        return Database.open(path), notice
