"""Telling the user that the settings file could not be written (the new settings still apply)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from app.qt.main_window import MainWindow


def report_settings_save_failure(window: MainWindow, error: OSError, path: Path) -> QMessageBox:
    """Say on the status line and in a message box why ``path`` could not be written."""
    reason = error.strerror or type(error).__name__
    text = QCoreApplication.translate("SettingsSaveReport", "Could not save the settings file: %1").replace(
        "%1", reason
    )
    detail = QCoreApplication.translate(
        "SettingsSaveReport", "The new settings apply until Gemini Desk closes. %1"
    ).replace("%1", str(path))
    window.status_line.set_state(text)
    title = QCoreApplication.translate("SettingsSaveReport", "Cannot save")
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=window)
    box.setObjectName("settingsSaveError")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(detail)
    box.finished.connect(box.deleteLater)
    box.open()  # never exec() while the loop runs
    return box
