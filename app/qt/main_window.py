"""The main window: a passive arrangement of the app's widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.qt.dialogs.welcome_page import WelcomePage
from app.qt.models.conversation_list_model import ConversationListModel
from app.qt.widgets.composer import Composer
from app.qt.widgets.conversation_sidebar import ConversationSidebar
from app.qt.widgets.model_picker import ModelPicker
from app.qt.widgets.prompt_edit import SendKey
from app.qt.widgets.status_line import StatusLine
from app.qt.widgets.transcript_view import TranscriptView


class MainWindow(QMainWindow):
    """Conversation list on the left; model picker, transcript and composer on the right.

    It holds no application state: controllers connect to its widgets' signals and drive them.
    """

    close_requested = Signal()
    undo_requested = Signal()

    def __init__(
        self, conversations: ConversationListModel, send_key: SendKey = "enter", language: str = "en"
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Gemini Desk"))
        self.resize(1180, 780)
        self.setMinimumSize(720, 480)
        self._closing_allowed = False

        self.sidebar = ConversationSidebar(conversations, self)
        self.model_picker = ModelPicker(self)
        self.settings_button = QToolButton(self)
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.setText(self.tr("Settings"))
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Settings (Ctrl+,)"))
        self.conversation_settings_button = QToolButton(self)
        self.conversation_settings_button.setObjectName("conversationSettingsButton")
        self.conversation_settings_button.setText(self.tr("Parameters"))
        self.conversation_settings_button.setAccessibleName(self.tr("Conversation settings"))
        self.conversation_settings_button.setToolTip(self.tr("Conversation settings (Ctrl+Shift+,)"))
        self.transcript = TranscriptView(self)
        self.composer = Composer(self, send_key)
        self.welcome = WelcomePage(language, self)

        top_bar = QHBoxLayout()
        top_bar.setContentsMargins(8, 8, 8, 0)
        top_bar.addWidget(self.model_picker, 1)
        top_bar.addWidget(self.conversation_settings_button)
        top_bar.addWidget(self.settings_button)
        chat = QWidget(self)
        chat.setObjectName("chatPane")
        chat_layout = QVBoxLayout(chat)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        chat_layout.setSpacing(4)
        chat_layout.addLayout(top_bar)
        chat_layout.addWidget(self.transcript, 1)
        chat_layout.addWidget(self.composer)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(chat)
        self.pages.addWidget(self.welcome)
        self.chat_page = chat

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 900])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.status_line = StatusLine(self)
        self.setStatusBar(self.status_line)
        self._add_shortcuts()

    def show_welcome(self, shown: bool) -> None:
        """Show the first-run welcome page instead of the chat."""
        self.pages.setCurrentWidget(self.welcome if shown else self.chat_page)
        self.sidebar.setEnabled(not shown)

    def _add_shortcuts(self) -> None:
        def shortcut(sequence: QKeySequence | QKeySequence.StandardKey | str, slot: object) -> None:
            item = QShortcut(QKeySequence(sequence), self)
            item.activated.connect(slot)

        shortcut(QKeySequence.StandardKey.New, self.sidebar.new_requested.emit)
        shortcut(QKeySequence.StandardKey.Find, self.sidebar.search.setFocus)
        shortcut("Ctrl+K", self.sidebar.search.setFocus)
        shortcut("Ctrl+L", self.composer.editor.setFocus)
        shortcut("Esc", self.composer.stop_requested.emit)
        shortcut("Ctrl+,", self.settings_button.click)
        shortcut("Ctrl+Shift+,", self.conversation_settings_button.click)
        # Text editors keep their own Ctrl+Z; elsewhere it undoes the last conversation delete.
        shortcut(QKeySequence.StandardKey.Undo, self.undo_requested.emit)

    def allow_close(self) -> None:
        """Let the next close event through (after the controllers have saved and stopped)."""
        self._closing_allowed = True

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask the controllers to stop streams and save before the window really closes."""
        if self._closing_allowed:
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()
