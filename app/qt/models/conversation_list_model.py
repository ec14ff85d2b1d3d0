"""The conversation list: a Qt list model over the store that loads rows a page at a time."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPen, QPixmap, QPolygonF

from app.core.chat.date_groups import DateGroup, date_group
from app.core.chat.generation import GenerationSettings
from app.core.store.conversations import ConversationStore
from app.core.store.db import StoreError
from app.core.store.records import Conversation, SearchHit
from app.core.visible_text import reveal_invisible
from app.qt.plain_text import shown_literally

_PAGE = 100
_Index = QModelIndex | QPersistentModelIndex


class ConversationRole(IntEnum):
    """Extra data roles of the conversation list."""

    Id = Qt.ItemDataRole.UserRole + 1
    Pinned = Qt.ItemDataRole.UserRole + 2
    UpdatedAt = Qt.ItemDataRole.UserRole + 3
    Snippet = Qt.ItemDataRole.UserRole + 4
    Model = Qt.ItemDataRole.UserRole + 5
    SnippetMatch = Qt.ItemDataRole.UserRole + 6  # (start, length) of the hit in the snippet; (-1, 0) unknown
    #: The name of the date group this row starts ("Today", "March 2026"), or "" when it starts none.
    GroupLabel = Qt.ItemDataRole.UserRole + 7
    #: Whether an answer is still being written in this conversation.
    Streaming = Qt.ItemDataRole.UserRole + 8
    #: (its own system instruction or "", uses tools) from the conversation's settings.
    Markers = Qt.ItemDataRole.UserRole + 9


class ConversationListModel(QAbstractListModel):
    """Visible conversations, pinned first then by last activity, or the results of a search.

    Only the ids of all conversations are read up front; rows are read from the store a page at a
    time when the view first asks for them, so 10,000 conversations cost a few milliseconds.

    Signals:
        write_failed(StoreError): A rename could not be stored; the title stays as it was.
    """

    write_failed = Signal(object)

    def __init__(self, store: ConversationStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._ids: list[int] = []
        self._rows: dict[int, Conversation] = {}
        self._snippets: dict[int, str] = {}
        self._matches: dict[int, tuple[int, int]] = {}
        self._searching = False
        self._search_query = ""
        self._pin: tuple[QIcon, QIcon, QIcon] | None = None  # drawn on first use
        #: id -> (pinned, updated_at), read with the ids: rows know their date group without being loaded.
        self._order: dict[int, tuple[bool, float]] = {}
        self._groups: dict[int, DateGroup] = {}
        self._now = datetime.datetime.now().astimezone()
        self._streaming: set[int] = set()
        self.reload()

    # --- reading ------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        """Number of listed conversations."""
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Title for display, plus the roles in :class:`ConversationRole`."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ConversationRole.GroupLabel:
            return self._group_label(index.row())  # from the ids' order data: no row is loaded for it
        conversation = self._conversation_at(index.row())
        if conversation is None:
            return None
        if role == Qt.ItemDataRole.EditRole:
            return self.display_title(conversation)
        if role == Qt.ItemDataRole.DisplayRole:
            # Bidi overrides and zero-width characters in a title (an import, a model's title) are shown.
            return reveal_invisible(self.display_title(conversation))
        if role == Qt.ItemDataRole.ToolTipRole:
            when = datetime.datetime.fromtimestamp(conversation.updated_at).strftime("%Y-%m-%d %H:%M")
            title = self.display_title(conversation)
            snippet = self._snippets.get(conversation.id)
            # A title hit's snippet is the title itself: once is enough.
            return shown_literally(
                f"{title}\n{when}" + (f"\n{snippet}" if snippet and snippet != title else "")
            )
        if role == Qt.ItemDataRole.DecorationRole:
            if QGuiApplication.instance() is None:
                return None  # images need a GUI application (a model checked on its own has none)
            if conversation.id in self._streaming:
                return self._icons()[2]
            return self._icons()[0 if conversation.pinned else 1]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            pinned = self.tr(", pinned") if conversation.pinned else ""
            answering = self.tr(", answering") if conversation.id in self._streaming else ""
            return self.display_title(conversation) + pinned + answering
        if role == ConversationRole.Id:
            return conversation.id
        if role == ConversationRole.Pinned:
            return conversation.pinned
        if role == ConversationRole.UpdatedAt:
            return conversation.updated_at
        if role == ConversationRole.Snippet:
            return self._snippets.get(conversation.id, "")
        if role == ConversationRole.Model:
            return conversation.model
        if role == ConversationRole.SnippetMatch:
            return self._matches.get(conversation.id, (-1, 0))
        if role == ConversationRole.Streaming:
            return conversation.id in self._streaming
        if role == ConversationRole.Markers:
            settings = GenerationSettings.from_dict(conversation.settings)
            tools = settings.google_search or settings.code_execution or settings.url_context
            return (settings.system_instruction.strip(), tools)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Conversations are selectable and their titles editable in place (rename)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Rename a conversation edited in place."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not isinstance(value, str):
            return False
        title = value.strip()
        if not title:
            return False
        conversation_id = self._ids[index.row()]
        try:
            self._store.rename(conversation_id, title, is_auto=False)
        except StoreError as error:
            self.write_failed.emit(error)
            return False
        self.refresh_conversation(conversation_id)
        return True

    def _icons(self) -> tuple[QIcon, QIcon, QIcon]:
        """The pin, a blank of its size that keeps unpinned titles aligned, and the "answering" dot."""
        if self._pin is None:
            blank = QPixmap(16, 16)
            blank.fill(Qt.GlobalColor.transparent)
            self._pin = (pin_icon(), QIcon(blank), answering_icon())
        return self._pin

    def display_title(self, conversation: Conversation) -> str:
        """The title, or a placeholder for a conversation that has none yet."""
        return conversation.title or self.tr("New conversation")

    def row_of(self, conversation_id: int) -> int:
        """Row of a conversation, or -1 if it is not listed."""
        try:
            return self._ids.index(conversation_id)
        except ValueError:
            return -1

    def conversation_id_at(self, row: int) -> int | None:
        """Id of the conversation at ``row``."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def set_streaming(self, conversation_id: int, streaming: bool) -> None:
        """Show (or stop showing) that an answer is being written in a conversation."""
        if streaming == (conversation_id in self._streaming):
            return
        if streaming:
            self._streaming.add(conversation_id)
        else:
            self._streaming.discard(conversation_id)
        row = self.row_of(conversation_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def _group_label(self, row: int) -> str:
        """The date group's name when ``row`` starts one (never while searching)."""
        if self._searching:
            return ""
        group = self._group_of(self._ids[row])
        if row > 0 and self._group_of(self._ids[row - 1]) == group:
            return ""
        return self._group_name(group)

    def _group_of(self, conversation_id: int) -> DateGroup:
        group = self._groups.get(conversation_id)
        if group is None:
            pinned, updated_at = self._order.get(conversation_id, (False, self._now.timestamp()))
            group = date_group(updated_at, pinned, self._now)
            self._groups[conversation_id] = group
        return group

    def _group_name(self, group: DateGroup) -> str:
        names = {
            "pinned": self.tr("Pinned"),
            "today": self.tr("Today"),
            "yesterday": self.tr("Yesterday"),
            "week": self.tr("Previous 7 days"),
            "month": self.tr("Previous 30 days"),
        }
        if group.kind in names:
            return names[group.kind]
        month = QLocale().standaloneMonthName(group.month, QLocale.FormatType.LongFormat)
        if group.year == self._now.year:
            return month
        return self.tr("{0} {1}").format(month, group.year)

    @property
    def is_searching(self) -> bool:
        """True while the list shows search results."""
        return self._searching

    @property
    def search_query(self) -> str:
        """What the shown search results were found for ("" when the list shows no search)."""
        return self._search_query if self._searching else ""

    # --- changing -----------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the list of conversations again (after a create, delete or restore)."""
        self.beginResetModel()
        self._searching = False
        order = self._store.list_order()
        self._ids = [conversation_id for conversation_id, _, _ in order]
        self._order = {conversation_id: (pinned, updated) for conversation_id, pinned, updated in order}
        self._groups.clear()
        self._now = datetime.datetime.now().astimezone()
        self._rows.clear()
        self._snippets.clear()
        self._matches.clear()
        self.endResetModel()

    def show_search_results(self, hits: Sequence[SearchHit], query: str = "") -> None:
        """List the conversations of ``hits`` (found for ``query``) in their order, each with its snippet."""
        self.beginResetModel()
        self._searching = True
        self._search_query = query
        self._ids = []
        self._snippets = {}
        self._matches = {}
        for hit in hits:
            if hit.conversation_id not in self._snippets:
                self._ids.append(hit.conversation_id)
                self._snippets[hit.conversation_id] = hit.snippet
                self._matches[hit.conversation_id] = (hit.match_start, hit.match_length)
        self._rows.clear()
        self.endResetModel()

    def refresh_conversation(self, conversation_id: int) -> None:
        """A conversation's title, pin or activity changed: update its row and move it into order."""
        old_row = self.row_of(conversation_id)
        conversation = self._store.get(conversation_id)
        if conversation is None or conversation.deleted_at is not None:
            if old_row >= 0:
                self.beginRemoveRows(QModelIndex(), old_row, old_row)
                del self._ids[old_row]
                self._rows.pop(conversation_id, None)
                self.endRemoveRows()
            return
        self._rows[conversation_id] = conversation
        self._order[conversation_id] = (conversation.pinned, conversation.updated_at)
        self._groups.pop(conversation_id, None)
        self._now = datetime.datetime.now().astimezone()
        if self._searching:
            if old_row >= 0:
                index = self.index(old_row)
                self.dataChanged.emit(index, index)
            return
        new_row = self._sorted_row(conversation, exclude=conversation_id)
        if old_row == new_row:
            index = self.index(old_row)
            self.dataChanged.emit(index, index)
            return
        if old_row >= 0:
            # A move, not a remove and an insert: the view's current index follows the conversation. Removing
            # the open conversation's row would make the view select a neighbour, which opens it.
            destination = new_row if new_row < old_row else new_row + 1
            self.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), destination)
            del self._ids[old_row]
            self._ids.insert(new_row, conversation_id)
            self.endMoveRows()
            return
        self.beginInsertRows(QModelIndex(), new_row, new_row)
        self._ids.insert(new_row, conversation_id)
        self.endInsertRows()

    # --- internals ----------------------------------------------------------------------------------------

    def _conversation_at(self, row: int) -> Conversation | None:
        conversation_id = self._ids[row]
        if conversation_id not in self._rows:
            self._load_page_around(row)
        return self._rows.get(conversation_id)

    def _load_page_around(self, row: int) -> None:
        if self._searching:
            start = row - row % _PAGE
            for conversation_id in self._ids[start : start + _PAGE]:
                found = self._store.get(conversation_id)
                if found is not None:
                    self._rows[conversation_id] = found
            return
        start = row - row % _PAGE
        for conversation in self._store.list(limit=_PAGE, offset=start):
            self._rows[conversation.id] = conversation

    def _sorted_row(self, conversation: Conversation, *, exclude: int) -> int:
        """Where ``conversation`` belongs: after the pinned ones if it is not pinned, newest first."""
        key = (not conversation.pinned, -conversation.updated_at)
        for row, other_id in enumerate(i for i in self._ids if i != exclude):
            other = self._rows.get(other_id) or self._store.get(other_id)
            if other is None:
                continue
            self._rows[other_id] = other
            if key <= (not other.pinned, -other.updated_at):
                return row
        return len(self._ids) - (1 if exclude in self._ids else 0)


def pin_icon(size: int = 16) -> QIcon:
    """A small push pin in the accent colour, drawn here so it needs no image file or emoji font."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    accent = QColor("#3c6fd8")  # reads on light and dark rows alike
    scale = size / 16
    painter.scale(scale, scale)
    painter.setPen(QPen(accent, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(5.0, 11.0), QPointF(2.5, 13.5))  # the needle
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(accent)
    painter.drawPolygon(
        QPolygonF([QPointF(4.0, 8.0), QPointF(8.0, 12.0), QPointF(11.0, 6.0), QPointF(10.0, 5.0)])
    )
    painter.drawEllipse(QPointF(10.5, 5.5), 3.2, 3.2)  # the head
    painter.end()
    return QIcon(pixmap)


def answering_icon(size: int = 16) -> QIcon:
    """A small accent dot: an answer is still being written in this conversation."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#3c6fd8"))
    painter.drawEllipse(QPointF(size, size), size * 0.3, size * 0.3)
    painter.end()
    pixmap.setDevicePixelRatio(2.0)
    return QIcon(pixmap)
