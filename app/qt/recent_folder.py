"""Where file dialogs start: the folder the user last chose a file in, else the home folder.

One object serves every file dialog of the app (attach, export, import, save image), so choosing a file in one
of them moves all of them there. The folder is kept in the window state across starts
(``WindowState.last_folder``); a folder that has since gone away falls back to home, never to the working
directory the app happened to be started from.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog


class RecentFolder:
    """The last folder a file was chosen in.

    Args:
        folder: The folder remembered from an earlier run ("" when none).
    """

    def __init__(self, folder: str = "") -> None:
        self._folder = folder

    @property
    def remembered(self) -> str:
        """The folder to save for the next start ("" when none was chosen yet)."""
        return self._folder

    def start_folder(self) -> str:
        """The folder a new dialog opens in: the remembered one while it exists, else the home folder."""
        if self._folder and os.path.isdir(self._folder):
            return self._folder
        return QDir.homePath()

    def remember(self, path: str) -> None:
        """Remember the folder of ``path`` (a chosen file, or a folder)."""
        if path:
            self._folder = path if os.path.isdir(path) else str(Path(path).parent)

    def follow(self, dialog: QFileDialog) -> None:
        """Start ``dialog`` in the start folder and remember where the user chooses a file in it."""
        dialog.setDirectory(self.start_folder())
        dialog.filesSelected.connect(self._remember_first)

    def _remember_first(self, paths: Sequence[str]) -> None:
        if paths:
            self.remember(paths[0])
