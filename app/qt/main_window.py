"""The main window: a passive arrangement of the app's widgets."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.qt.dialogs.welcome_page import WelcomePage
from app.qt.fonts import MAX_FONT_SIZE, MIN_FONT_SIZE, next_font_size
from app.qt.help_dialogs import HelpDialogs
from app.qt.icons.ui_icons import icon_beside_text
from app.qt.models.conversation_list_model import ConversationListModel, ConversationRole
from app.qt.render.palette import palette_for
from app.qt.shortcuts import (
    CHAT_PAGE_ACTIONS,
    EDITOR_YIELDS,
    SHORTCUTS,
    PageKeysScroll,
    ShortcutPriority,
    UndoWhenNothingToUndo,
    key_sequences,
    native_text,
)
from app.qt.widgets.composer import Composer
from app.qt.widgets.conversation_header import ConversationHeader
from app.qt.widgets.conversation_sidebar import ConversationSidebar
from app.qt.widgets.find_bar import FindBar
from app.qt.widgets.model_picker import ModelPicker
from app.qt.widgets.model_popup import ModelPopup
from app.qt.widgets.parallel_replies import ParallelReplies
from app.qt.widgets.prompt_edit import SendKey
from app.qt.widgets.status_line import StatusLine
from app.qt.widgets.tool_approval import ToolApprovalCard
from app.qt.widgets.tool_progress import ToolProgressCard
from app.qt.widgets.transcript_view import TranscriptView
from app.qt.widgets.undo_bar import UndoBar
from app.qt.widgets.update_bar import UpdateBar
from app.qt.window_menus import WindowMenus
from app.render.design import ICON_S, SIDEBAR_FOLD_WIDTH, SPACE_S

if TYPE_CHECKING:
    from app.qt.dialogs.about_dialog import AboutDialog
    from app.qt.dialogs.shortcuts_dialog import ShortcutsDialog


class MainWindow(QMainWindow):
    """Conversation list on the left; model picker, transcript and composer on the right.

    It holds no application state: controllers connect to its widgets' signals and drive them.
    """

    close_requested = Signal()
    undo_requested = Signal()
    #: Delete the conversations selected in the list (the open one when none is selected).
    delete_requested = Signal()
    copy_last_answer_requested = Signal()
    regenerate_last_requested = Signal()
    find_requested = Signal()
    #: The UI language changed (the window's own texts are already new): redraw what others put on screen.
    language_changed = Signal()
    #: -1 or +1: show the previous or next version of the last message with versions on the shown path.
    last_version_step_requested = Signal(int)
    #: The transcript's text size in points after a zoom shortcut (0: back to the default size).
    font_size_changed = Signal(int)

    def __init__(self, conversations: ConversationListModel, send_key: SendKey = "enter") -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.resize(1180, 780)  # until the app sizes it to its screen (app.qt.window_state)
        self.setMinimumSize(720, 480)
        self._closing_allowed = False

        self.sidebar = ConversationSidebar(conversations, self)
        self.sidebar.selected.connect(self._on_conversation_picked)
        self.model_picker = ModelPicker(self)
        self.settings_button = QToolButton(self)
        self.settings_button.setObjectName("settingsButton")
        self.conversation_settings_button = QToolButton(self)
        self.conversation_settings_button.setObjectName("conversationSettingsButton")
        self.tools_button = QToolButton(self)
        self.tools_button.setObjectName("toolsButton")
        self.tools_button.hide()  # shown once an MCP server is set up (Settings → Tools)
        self.compare_button = QToolButton(self)
        self.compare_button.setObjectName("compareModelsButton")
        self.compare_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        #: Filled by the controller when it opens: the models one question can go to at once.
        self.compare_menu = QMenu(self.compare_button)
        self.compare_menu.setObjectName("compareModelsMenu")
        self.compare_button.setMenu(self.compare_menu)
        self.transcript = TranscriptView(self)
        # The side-by-side answers render as the transcript does: its renderer, its formula images, its links.
        transcript = self.transcript
        self.parallel_replies = ParallelReplies(
            self, renderer=lambda: transcript.markdown_renderer, resource=transcript.loadResource
        )
        self.parallel_replies.link_clicked.connect(transcript.links.open)
        transcript.formulas.ready.connect(self.parallel_replies.formulas_ready)
        self.composer = Composer(parent=self, send_key=send_key)
        self.welcome = WelcomePage(parent=self)
        self.header = ConversationHeader(self)
        self.header.sidebar_toggled.connect(self.toggle_sidebar)
        self.header.rename_requested.connect(self._rename_from_header)
        self.transcript.empty_state.prompt_chosen.connect(self._use_example_prompt)
        # Esc on a message of the transcript takes the keyboard back to the message box.
        self.transcript.message_focus.leave_requested.connect(
            lambda: self.composer.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )
        self.model_picker.shown_changed.connect(self.composer.model_chip.show_model)
        # The picker opens from the composer's model chip, in a popup above it; the chip shows the model.
        self.model_popup = ModelPopup(self.model_picker, self)
        self.composer.model_chip.clicked.connect(
            lambda: self.model_popup.open_for(self.composer.model_chip, self.compare_menu)
        )
        self._narrow: bool | None = None

        top_bar = QHBoxLayout()
        top_bar.setContentsMargins(SPACE_S, SPACE_S, SPACE_S, 0)
        top_bar.addWidget(self.header, 1)
        top_bar.addWidget(self.tools_button)
        top_bar.addWidget(self.compare_button)
        top_bar.addWidget(self.conversation_settings_button)
        top_bar.addWidget(self.settings_button)
        chat = QWidget(self)
        chat.setObjectName("chatPane")
        chat_layout = QVBoxLayout(chat)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        chat_layout.setSpacing(4)
        chat_layout.addLayout(top_bar)
        chat_layout.addWidget(self.transcript, 1)
        chat_layout.addWidget(self.parallel_replies, 1)
        self.update_bar = UpdateBar(chat)
        chat_layout.addWidget(self.update_bar)
        self.undo_bar = UndoBar(chat)
        chat_layout.addWidget(self.undo_bar)
        self.find_bar = FindBar(chat)
        chat_layout.addWidget(self.find_bar)
        self.tool_approval = ToolApprovalCard(chat)
        chat_layout.addWidget(self.tool_approval)
        self.tool_progress = ToolProgressCard(chat)
        chat_layout.addWidget(self.tool_progress)
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
        self.sidebar.shown.connect(lambda _id: self.update_header())
        for signal in (conversations.dataChanged, conversations.modelReset, conversations.rowsMoved):
            signal.connect(lambda *_args: self.update_header())

        self.status_line = StatusLine(self)
        self.setStatusBar(self.status_line)
        # Hovering a link shows where it really goes, whatever its text says.
        self.transcript.highlighted.connect(self.status_line.show_link_target)
        self._font_size: int | None = None
        self.help = HelpDialogs(self)
        #: Where the app keeps its data, shown in Help → About (set by the composition root).
        self.data_folder = ""
        self.menus = WindowMenus(self, self._shortcut_handlers())
        self.shortcut_actions = self.menus.actions
        self._route_keys()
        self._retranslate()
        self._set_tab_order()
        self._set_icons()

    def _set_icons(self) -> None:
        """The header's buttons: an icon beside the word, in the theme's colours."""
        names = ("tools", "sparkle", "sliders", "settings")
        buttons = (
            self.tools_button,
            self.compare_button,
            self.conversation_settings_button,
            self.settings_button,
        )
        icon_beside_text(zip(buttons, names, strict=True), palette_for(self.palette()).text, ICON_S)

    def changeEvent(self, event: QEvent) -> None:
        """A newly chosen language: the window's own texts now, then ``language_changed`` for the rest."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._set_icons()
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.language_changed.emit()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Gemini Desk"))
        self.settings_button.setText(self.tr("Settings"))
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.conversation_settings_button.setText(self.tr("Parameters"))
        self.conversation_settings_button.setAccessibleName(self.tr("Conversation settings"))
        self.tools_button.setText(self.tr("Tools"))
        self.tools_button.setAccessibleName(self.tr("Tools in this conversation"))
        self.menus.retranslate()
        self._describe_controls()

    def show_welcome(self, shown: bool) -> None:
        """Show the welcome page (no key yet) instead of the chat.

        The history stays readable without a key: with conversations in the list the sidebar stays usable,
        and picking one shows it (``_on_conversation_picked``); only sending needs a key.
        """
        self.pages.setCurrentWidget(self.welcome if shown else self.chat_page)
        self.sidebar.setEnabled(not shown or self.sidebar.model.rowCount() > 0)
        for name in CHAT_PAGE_ACTIONS:
            self.shortcut_actions[name].setEnabled(not shown)

    def _on_conversation_picked(self, _conversation_id: int) -> None:
        if self.pages.currentWidget() is self.welcome:
            self.pages.setCurrentWidget(self.chat_page)
            for name in CHAT_PAGE_ACTIONS:
                self.shortcut_actions[name].setEnabled(True)

    # --- header and sidebar --------------------------------------------------------------------------------

    def update_header(self) -> None:
        """Show the open conversation's title and markers above the transcript."""
        conversation_id = self.sidebar.current_id()
        model = self.sidebar.model
        row = -1 if conversation_id is None else model.row_of(conversation_id)
        if row < 0:
            self.header.show_conversation(None)
            return
        index = model.index(row)
        instruction, tools = index.data(ConversationRole.Markers) or ("", False)
        self.header.show_conversation(str(index.data(Qt.ItemDataRole.EditRole)), instruction, tools)

    def _rename_from_header(self, title: str) -> None:
        conversation_id = self.sidebar.current_id()
        row = -1 if conversation_id is None else self.sidebar.model.row_of(conversation_id)
        if row >= 0:
            self.sidebar.model.setData(self.sidebar.model.index(row), title)

    def toggle_sidebar(self) -> None:
        """Fold the conversation list away, or bring it back."""
        self.sidebar.setVisible(not self.sidebar.isVisible())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrow window folds the sidebar away, a wide one brings it back (when crossing the width)."""
        super().resizeEvent(event)
        narrow = event.size().width() < SIDEBAR_FOLD_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            self.sidebar.setVisible(not narrow)
            self.splitter.refresh()

    def _use_example_prompt(self, text: str) -> None:
        self.composer.set_text(text)
        self.focus_composer()

    # --- keyboard ------------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the conversation search, its text selected for typing over."""
        self.sidebar.show()
        self.sidebar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.search.selectAll()

    def focus_composer(self) -> None:
        """Put the cursor in the message box."""
        self.composer.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Show the keyboard shortcuts (non-modal; a second request raises the open dialog)."""
        return self.help.show_shortcuts(self.composer.editor.send_key)

    def show_about(self) -> AboutDialog:
        """Show Help → About (non-modal; a second request raises the open dialog)."""
        return self.help.show_about(self.data_folder)

    def _rename_current(self) -> None:
        conversation_id = self.sidebar.current_id()
        if conversation_id is not None:
            self.sidebar.rename_requested.emit(conversation_id)

    def _shortcut_handlers(self) -> dict[str, Callable[[], object]]:
        """What each row of the shortcut table does in this window."""
        return {
            "new_conversation": self.sidebar.new_requested.emit,
            "rename_conversation": self._rename_current,
            "delete_conversation": self.delete_requested.emit,
            "next_conversation": lambda: self.sidebar.select_neighbour(1),
            "previous_conversation": lambda: self.sidebar.select_neighbour(-1),
            "attach_files": self.composer.attach_requested.emit,
            "regenerate": self.regenerate_last_requested.emit,
            "find_in_conversation": self.find_requested.emit,
            "find_next": self.find_bar.next_requested.emit,
            "find_previous": self.find_bar.previous_requested.emit,
            "toggle_sidebar": lambda: self.sidebar.setVisible(not self.sidebar.isVisible()),
            "undo_delete": self.undo_requested.emit,
            "copy_last_answer": self.copy_last_answer_requested.emit,
            "previous_version": lambda: self.last_version_step_requested.emit(-1),
            "next_version": lambda: self.last_version_step_requested.emit(1),
            "stop": self.composer.stop_requested.emit,
            "conversation_settings": self.conversation_settings_button.click,
            "settings": self.settings_button.click,
            "quit": self.close,
            "focus_search": self.focus_search,
            "focus_composer": self.focus_composer,
            "zoom_in": lambda: self.zoom_transcript(1),
            "zoom_out": lambda: self.zoom_transcript(-1),
            "zoom_reset": lambda: self.zoom_transcript(0),
            "show_shortcuts": self.show_shortcuts,
            "about": self.show_about,
        }

    def _route_keys(self) -> None:
        """Keys that mean one thing in the message box or the list and another elsewhere."""
        # Delete works on the focused conversation list only: in a text field the key deletes text, and in
        # the transcript it would delete the conversation being read.
        delete = self.shortcut_actions["delete_conversation"]
        self.removeAction(delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.sidebar.list_view.addAction(delete)
        self.composer.editor.installEventFilter(
            ShortcutPriority(key_sequences(EDITOR_YIELDS), self.composer.editor)
        )
        self.composer.editor.installEventFilter(UndoWhenNothingToUndo(self.composer.editor))
        self.composer.editor.installEventFilter(
            PageKeysScroll(self.composer.editor, self.transcript.verticalScrollBar())
        )

    def _with_keys(self, text: str, name: str) -> str:
        keys = native_text(next(spec.keys for spec in SHORTCUTS if spec.name == name))
        return self.tr("{0} ({1})").format(text, keys) if keys else text

    # --- text size -----------------------------------------------------------------------------------------

    def transcript_font_size(self) -> int:
        """The transcript's text size in points."""
        return self._font_size or self._default_font_size()

    def set_transcript_font_size(self, size: int | None) -> None:
        """Show the transcript and the message box in ``size`` points (bounded); None: the default size."""
        if size is not None:
            size = min(max(size, MIN_FONT_SIZE), MAX_FONT_SIZE)
        self._font_size = size
        font = QFont(self.font())
        font.setPointSize(size or self._default_font_size())
        self.transcript.setFont(font)
        self.composer.editor.setFont(font)

    def zoom_transcript(self, step: int) -> None:
        """One step larger (``step`` > 0) or smaller (< 0), or the default size (0); announces the size."""
        size = None if step == 0 else next_font_size(self.transcript_font_size(), step)
        self.set_transcript_font_size(size)
        self.font_size_changed.emit(size or 0)
        self.status_line.showMessage(self.tr("Text size: {0} pt").format(self.transcript_font_size()), 2000)

    def _default_font_size(self) -> int:
        size = self.font().pointSize()
        return size if size > 0 else 10

    # --- accessibility -------------------------------------------------------------------------------------

    def _describe_controls(self) -> None:
        """Descriptions for screen readers, and tool tips naming the shortcut of each control."""
        sidebar, composer = self.sidebar, self.composer
        sidebar.search.setAccessibleDescription(self.tr("Type to filter the conversations by their text"))
        sidebar.search.setToolTip(self._with_keys(self.tr("Search conversations"), "focus_search"))
        sidebar.new_button.setAccessibleDescription(self.tr("Start an empty conversation"))
        sidebar.new_button.setToolTip(self._with_keys(self.tr("New conversation"), "new_conversation"))
        sidebar.list_view.setAccessibleDescription(
            self.tr("Select a conversation to open it; F2 renames it, the context menu has more")
        )
        self.model_picker.combo.setAccessibleDescription(
            self.tr("The model that answers in this conversation")
        )
        self.settings_button.setAccessibleDescription(self.tr("Gateway, key, proxy, theme and language"))
        self.settings_button.setToolTip(self._with_keys(self.tr("Settings"), "settings"))
        self.conversation_settings_button.setAccessibleDescription(
            self.tr("Temperature, thinking and system instruction for this conversation")
        )
        self.conversation_settings_button.setToolTip(
            self._with_keys(self.tr("Conversation settings"), "conversation_settings")
        )
        self.transcript.setAccessibleDescription(self.tr("The messages of the open conversation"))
        composer.send_button.setAccessibleDescription(self.tr("Send the message to the model"))
        composer.stop_button.setAccessibleDescription(self.tr("Stop the answer being written"))
        composer.stop_button.setToolTip(self._with_keys(self.tr("Stop the answer"), "stop"))
        composer.attach_button.setAccessibleDescription(
            self.tr("Attach images, PDF, text or code files, or audio")
        )

    def _set_tab_order(self) -> None:
        """Sidebar (search, buttons, list), the header, transcript, the message box and the row under it."""
        chain: list[QWidget] = [
            self.sidebar.new_button,
            self.sidebar.more_button,
            self.sidebar.search,
            self.sidebar.list_view,
            self.header.sidebar_button,
            self.header.title,
            # The header's buttons in the order they are drawn, left to right.
            self.tools_button,
            self.compare_button,
            self.conversation_settings_button,
            self.settings_button,
            self.transcript,
            # A new conversation's example prompts, drawn over the transcript (hidden once it has messages).
            *self.transcript.empty_state.prompt_buttons,
            self.composer.editor,
            self.composer.attach_button,
            self.composer.model_chip,
            self.composer.send_button,
            self.composer.stop_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        # Tool buttons take no focus by default on macOS and with some styles; keyboard users need them.
        for widget in chain:
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def bring_to_front(self) -> None:
        """Show the window above others and give it the keyboard (a second launch asked for it)."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

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
