"""The left pane: New chat, the search box and the conversation list grouped by date."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.models.conversation_list_model import ConversationListModel, ConversationRole
from app.qt.render.palette import palette_for
from app.qt.widgets.conversation_delegate import ConversationDelegate
from app.qt.widgets.search_result_delegate import SearchResultDelegate
from app.render.design import ICON_S, SPACE_S

SEARCH_DELAY_MS = 150


class ConversationSidebar(FollowsLanguageAndTheme, QWidget):
    """Shows conversations and emits what the user wants done with them."""

    new_requested = Signal()
    selected = Signal(int)  # conversation id
    rename_requested = Signal(int)
    pin_requested = Signal(int, bool)
    delete_requested = Signal(int)
    delete_many_requested = Signal(list)  # conversation ids, deleted together (one Undo)
    export_requested = Signal(int, str)  # conversation id, "markdown", "markdown-all" (every version), "json"
    export_all_requested = Signal(str)  # "markdown", "markdown-all" (every version) or "json"
    import_requested = Signal()
    search_changed = Signal(str)  # debounced query ("" clears the search)
    shown = Signal(object)  # the conversation now selected (int), or None; also after ``select``

    def __init__(self, model: ConversationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationSidebar")
        self.model = model

        self.search = QLineEdit(self)
        self.search.setObjectName("conversationSearch")
        self.search.setClearButtonEnabled(True)
        self._search_icon = self.search.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)

        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newConversationButton")

        self.more_button = QToolButton(self)
        self.more_button.setObjectName("conversationsMoreButton")
        self.more_button.setText("⋯")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more_menu = QMenu(self.more_button)
        self._export_json = more_menu.addAction("", lambda: self.export_all_requested.emit("json"))
        self._export_markdown = more_menu.addAction("", lambda: self.export_all_requested.emit("markdown"))
        self._export_versions = more_menu.addAction(
            "", lambda: self.export_all_requested.emit("markdown-all")
        )
        more_menu.addSeparator()
        self._import = more_menu.addAction("", self.import_requested.emit)
        self.more_button.setMenu(more_menu)

        self.list_view = QListView(self)
        self.list_view.setObjectName("conversationList")
        self.list_view.setModel(model)
        # Rows that start a date group are taller (their heading): sizes are not uniform, but every size
        # comes from the ids' order data, so laying out 10,000 rows loads none of them.
        self.list_view.setUniformItemSizes(False)
        self.list_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.delegate = ConversationDelegate(self.list_view)
        self.list_view.setItemDelegate(self.delegate)
        self.list_view.setMouseTracking(True)
        self.list_view.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.delegate.action_clicked.connect(self._on_row_action)
        # Ctrl- and Shift-click select several conversations, to delete them together.
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Titles are elided with "…": the list never scrolls sideways.
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.no_results = QLabel(self)
        self.no_results.setObjectName("noSearchResults")
        self.no_results.setWordWrap(True)
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.no_results.hide()

        top = QHBoxLayout()
        top.addWidget(self.new_button, 1)
        top.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_S, SPACE_S, SPACE_S // 2, SPACE_S)
        layout.setSpacing(SPACE_S)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.no_results)
        layout.addWidget(self.list_view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        # Results come from another thread, a moment later: what was asked for last, and whether Down or Enter
        # asked to go to them once they come.
        self._asked = ""
        self._to_results = False
        self._search_timer.timeout.connect(lambda: self._ask(self.search.text().strip()))
        self.search.textChanged.connect(self._on_text_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list_view.customContextMenuRequested.connect(self._show_menu)
        model.modelReset.connect(self._update_no_results)
        model.modelReset.connect(self._on_reset)
        self._retranslate()
        # Search results are two lines each: the title, and the text around the hit with the hit marked.
        self._result_delegate = SearchResultDelegate(self.list_view)
        self._list_delegate = self.list_view.itemDelegate()
        model.modelReset.connect(self._use_result_lines)
        self.search.installEventFilter(self)
        self.list_view.viewport().installEventFilter(self)
        self._set_icons()

    def _set_icons(self) -> None:
        colours = palette_for(self.palette())
        self._search_icon.setIcon(ui_icon("search", colours.muted, ICON_S))
        self.new_button.setIcon(ui_icon("new-chat", colours.accent_text, ICON_S))

    def _on_row_action(self, conversation_id: int, action: str) -> None:
        """A hover action of a row: rename, pin or unpin, delete."""
        if action == "rename":
            self.rename_requested.emit(conversation_id)
        elif action == "pin":
            row = self.model.row_of(conversation_id)
            pinned = row >= 0 and bool(self.model.index(row).data(ConversationRole.Pinned))
            self.pin_requested.emit(conversation_id, not pinned)
        elif action == "delete":
            self.delete_requested.emit(conversation_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search field: Down or Enter go to the results, Esc clears the search (not Stop).

        On the list, a right-click only opens the conversation's menu: it does not open the conversation.
        """
        if watched is self.list_view.viewport():
            return (
                isinstance(event, QMouseEvent)
                and event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
                and event.button() == Qt.MouseButton.RightButton
            )
        if watched is not self.search or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if event.type() == QEvent.Type.ShortcutOverride and key == Qt.Key.Key_Escape and self.search.text():
            event.accept()  # the field takes Esc while there is a search to clear
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        if key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return True
        if key not in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        query = self.search.text().strip()
        if query and self.model.search_query != query:
            # The results of what is typed are not shown yet: ask for them now (unless asked already) and go
            # to them when they come; the list shown meanwhile belongs to another query.
            if self._search_timer.isActive() or self._asked != query:
                self._search_timer.stop()
                self._ask(query)
            self._to_results = True
            return True
        if self.model.rowCount() == 0:
            return False
        self._search_timer.stop()
        self._go_to_results()
        return True

    def _ask(self, query: str) -> None:
        self._asked = query
        self.search_changed.emit(query)

    def _go_to_results(self) -> None:
        self.list_view.setFocus()
        self.list_view.setCurrentIndex(self.model.index(0))

    def _on_reset(self) -> None:
        """The list changed: results the user already asked to go to (Down, Enter) are here."""
        query = self.search.text().strip()
        if self._to_results and query and self.model.search_query == query:
            self._to_results = False
            if self.model.rowCount() > 0:
                self._go_to_results()

    def _follow_palette(self) -> None:
        self._set_icons()

    def _retranslate(self) -> None:
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.search.setPlaceholderText(self.tr("Search conversations"))
        self.new_button.setText(self.tr("New chat"))
        self.new_button.setAccessibleName(self.tr("New conversation"))
        self.new_button.setToolTip(self.tr("New conversation (Ctrl+N)"))
        self.more_button.setAccessibleName(self.tr("More conversation actions"))
        self.more_button.setToolTip(self.tr("Export and import conversations"))
        self._export_json.setText(self.tr("Export all as JSON…"))
        self._export_markdown.setText(self.tr("Export all as Markdown…"))
        self._export_versions.setText(self.tr("Export all as Markdown with every version…"))
        self._import.setText(self.tr("Import…"))
        self.list_view.setAccessibleName(self.tr("Conversations"))
        # The date headings and hover tooltips are worded as they are drawn: draw them again.
        self.list_view.viewport().update()
        self._update_no_results()

    def _use_result_lines(self) -> None:
        searching = self.model.is_searching
        shown = self.list_view.itemDelegate()
        if searching and shown is not self._result_delegate:
            self._list_delegate = shown
            self.list_view.setItemDelegate(self._result_delegate)
        elif not searching and shown is self._result_delegate:
            self.list_view.setItemDelegate(self._list_delegate)

    def _on_text_changed(self, text: str) -> None:
        self._to_results = False
        if text.strip():
            self._search_timer.start()
        elif self._asked:  # emptied: the whole list back at once, no debounce (nothing to search)
            self._search_timer.stop()
            self._ask("")

    def _update_no_results(self) -> None:
        query = self.model.search_query or self.search.text().strip()
        empty = self.model.is_searching and self.model.rowCount() == 0
        if empty:
            self.no_results.setText(self.tr("No conversation matches “%1”.").replace("%1", query))
        self.no_results.setVisible(empty)

    def current_id(self) -> int | None:
        """The selected conversation's id."""
        index = self.list_view.currentIndex()
        return index.data(ConversationRole.Id) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """The ids of the selected conversations, in list order."""
        rows = sorted(index.row() for index in self.list_view.selectionModel().selectedIndexes())
        return [int(self.model.index(row).data(ConversationRole.Id)) for row in rows]

    def select(self, conversation_id: int | None) -> None:
        """Select a conversation without emitting :attr:`selected`."""
        row = -1 if conversation_id is None else self.model.row_of(conversation_id)
        self.list_view.blockSignals(True)
        selection = self.list_view.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            index = self.model.index(row)
            if self.list_view.currentIndex() != index:
                self.list_view.setCurrentIndex(index)
            elif not selection.isSelected(index) and QApplication.mouseButtons() == Qt.MouseButton.NoButton:
                # Current but not selected (its row took the place of a deleted one): select it alone. While a
                # mouse button is down, the click itself decides (a Ctrl-click keeps the other rows selected).
                selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list_view.scrollTo(index)
        else:
            self.list_view.clearSelection()
        selection.blockSignals(False)
        self.list_view.blockSignals(False)
        self.shown.emit(conversation_id if row >= 0 else None)

    def select_neighbour(self, step: int) -> None:
        """Open the conversation ``step`` rows below (above, when negative) the selected one, if any."""
        count = self.model.rowCount()
        if count == 0:
            return
        current = self.list_view.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else count - 1)
        if 0 <= row < count:
            self.list_view.setCurrentIndex(self.model.index(row))  # emits selected, as a click does

    def start_rename(self, conversation_id: int) -> None:
        """Edit the title in place."""
        row = self.model.row_of(conversation_id)
        if row >= 0:
            self.list_view.edit(self.model.index(row))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.selected.emit(int(current.data(ConversationRole.Id)))
        self.shown.emit(int(current.data(ConversationRole.Id)) if current.isValid() else None)

    def _show_menu(self, position: QPoint) -> None:
        index = self.list_view.indexAt(position)
        if not index.isValid():
            return
        conversation_id = int(index.data(ConversationRole.Id))
        pinned = bool(index.data(ConversationRole.Pinned))
        menu = QMenu(self)
        rename = QAction(self.tr("Rename"), menu)
        rename.triggered.connect(lambda: self.rename_requested.emit(conversation_id))
        pin = QAction(self.tr("Unpin") if pinned else self.tr("Pin"), menu)
        pin.triggered.connect(lambda: self.pin_requested.emit(conversation_id, not pinned))
        selected = self.selected_ids()
        if conversation_id in selected and len(selected) > 1:
            # The row clicked is one of several selected: the menu's Delete deletes them all.
            delete = QAction(self.tr("Delete %n conversations", "", len(selected)), menu)
            delete.triggered.connect(lambda: self.delete_many_requested.emit(selected))
        else:
            delete = QAction(self.tr("Delete"), menu)
            delete.triggered.connect(lambda: self.delete_requested.emit(conversation_id))
        export_markdown = QAction(self.tr("Export as Markdown…"), menu)
        export_markdown.triggered.connect(lambda: self.export_requested.emit(conversation_id, "markdown"))
        export_versions = QAction(self.tr("Export as Markdown with every version…"), menu)
        export_versions.triggered.connect(lambda: self.export_requested.emit(conversation_id, "markdown-all"))
        export_json = QAction(self.tr("Export as JSON…"), menu)
        export_json.triggered.connect(lambda: self.export_requested.emit(conversation_id, "json"))
        for action in (rename, pin, delete):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(export_markdown)
        menu.addAction(export_versions)
        menu.addAction(export_json)
        menu.popup(self.list_view.viewport().mapToGlobal(position))
