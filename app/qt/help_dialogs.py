"""Help → Keyboard shortcuts and Help → About: non-modal, one of each at a time, built on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.qt.widgets.prompt_edit import SendKey

if TYPE_CHECKING:
    from app.qt.dialogs.about_dialog import AboutDialog
    from app.qt.dialogs.shortcuts_dialog import ShortcutsDialog


class HelpDialogs:
    """Opens the help dialogs over ``parent``; a second request raises the one already open.

    The dialogs' modules are imported on first use, not at start (they are not needed for the first frame).
    """

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._shortcuts: ShortcutsDialog | None = None
        self._about: AboutDialog | None = None

    def show_shortcuts(self, send_key: SendKey) -> ShortcutsDialog:
        """Show the keyboard shortcuts for the message box's ``send_key`` (open while they are tried)."""
        if self._shortcuts is None:
            from app.qt.dialogs.shortcuts_dialog import ShortcutsDialog

            self._shortcuts = ShortcutsDialog(send_key, self._parent)
            self._shortcuts.finished.connect(self._on_shortcuts_closed)
            self._shortcuts.show()
        self._shortcuts.raise_()
        self._shortcuts.activateWindow()
        return self._shortcuts

    def show_about(self, data_folder: str) -> AboutDialog:
        """Show About, naming ``data_folder`` as where the app keeps its data."""
        if self._about is None:
            from app.qt.dialogs.about_dialog import AboutDialog

            self._about = AboutDialog(data_folder, self._parent)
            self._about.finished.connect(self._on_about_closed)
            self._about.show()
        self._about.raise_()
        self._about.activateWindow()
        return self._about

    def _on_about_closed(self, _result: int) -> None:
        if self._about is not None:
            self._about.deleteLater()
            self._about = None

    def _on_shortcuts_closed(self, _result: int) -> None:
        if self._shortcuts is not None:
            self._shortcuts.deleteLater()
            self._shortcuts = None
