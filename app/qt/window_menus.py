"""The main window's keyboard actions, one per row of the shortcut table, and its menu bar."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from app.qt.shortcuts import MENU_GROUP_STARTS, SHORTCUTS, key_sequences


class WindowMenus(QObject):
    """The window's actions (their keys work in every pane) and the Conversation, View and Help menus.

    Args:
        window: The window the actions are added to.
        handlers: What each action does, keyed by its row's name in the shortcut table.

    Attributes:
        actions: One action per row of the shortcut table, keyed by the row's name.
    """

    def __init__(self, window: QMainWindow, handlers: Mapping[str, Callable[[], object]]) -> None:
        super().__init__(window)
        self.actions: dict[str, QAction] = {}
        for spec in SHORTCUTS:
            action = QAction(spec.label(), window)
            action.setObjectName(f"{spec.name}Action")
            action.setShortcuts(key_sequences(spec.keys))
            handler = handlers[spec.name]
            action.triggered.connect(lambda _checked=False, handler=handler: handler())
            window.addAction(action)
            self.actions[spec.name] = action
        # On macOS these two move to the application menu, where users look for them.
        self.actions["settings"].setMenuRole(QAction.MenuRole.PreferencesRole)
        self.actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
        self._menus: dict[str, QMenu] = {}
        for key, title in self._titles().items():
            menu = window.menuBar().addMenu(title)
            menu.setObjectName(f"{key}Menu")
            self._menus[key] = menu
        for spec in SHORTCUTS:
            if not spec.menu:
                continue
            if spec.name in MENU_GROUP_STARTS:
                self._menus[spec.menu].addSeparator()
            self._menus[spec.menu].addAction(self.actions[spec.name])

    def retranslate(self) -> None:
        """Word the menus and the actions in the language now installed."""
        for key, title in self._titles().items():
            self._menus[key].setTitle(title)
        for spec in SHORTCUTS:
            self.actions[spec.name].setText(spec.label())

    def _titles(self) -> dict[str, str]:
        return {
            "conversation": self.tr("&Conversation"),
            "view": self.tr("&View"),
            "help": self.tr("&Help"),
        }
