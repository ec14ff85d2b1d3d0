"""How a row of the conversation list is drawn: its date group's heading, the title, and hover actions.

The model says which rows start a date group (``ConversationRole.GroupLabel``); such a row is taller and
shows the group's name above the title. A hovered or selected row shows three icon buttons at its right end
(rename, pin or unpin, delete), each with a tooltip; clicking one emits ``action_clicked``. The same actions
are in the row's context menu, which the keyboard reaches (the Menu key), and F2 renames.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QHelpEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from app.qt.icons.ui_icons import ui_icon
from app.qt.models.conversation_list_model import ConversationRole
from app.qt.render.palette import palette_for
from app.render.design import ICON_S, SPACE_M, SPACE_S, SPACE_XS

__all__ = ["ROW_ACTIONS", "ConversationDelegate"]

_Index = QModelIndex | QPersistentModelIndex

#: The hover actions, right to left: (action, icon).
ROW_ACTIONS = (("delete", "trash"), ("pin", "pin"), ("rename", "edit"))


class ConversationDelegate(QStyledItemDelegate):
    """Draws date headings and hover actions; emits ``action_clicked(conversation_id, action)``."""

    action_clicked = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    # -- sizes ----------------------------------------------------------------------------------------------

    def _row_height(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() + 2 * SPACE_S + 2

    def _heading_height(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() + SPACE_M + SPACE_XS

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """One line of title, plus a heading when the row starts a date group."""
        height = self._row_height(option)
        if index.data(ConversationRole.GroupLabel):
            height += self._heading_height(option)
        return QSize(option.rect.width() if option.rect.width() > 0 else 200, height)

    def _item_rect(self, option: QStyleOptionViewItem, index: _Index) -> QRect:
        rect = QRect(option.rect)
        if index.data(ConversationRole.GroupLabel):
            rect.setTop(rect.top() + self._heading_height(option))
        return rect

    def _action_rects(self, item: QRect) -> list[tuple[str, QRect]]:
        side = ICON_S + SPACE_XS * 2
        top = item.top() + (item.height() - side) // 2
        right = item.right() - SPACE_XS
        rects = []
        for action, _icon in ROW_ACTIONS:
            rects.append((action, QRect(right - side + 1, top, side, side)))
            right -= side
        return rects

    # -- painting -------------------------------------------------------------------------------------------

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        """On a hovered or selected row, the title ends with "…" before the action icons, not under them."""
        super().initStyleOption(option, index)
        if option.state & (QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_Selected):
            icons = len(ROW_ACTIONS) * (ICON_S + SPACE_XS * 2) + SPACE_XS
            decoration = option.decorationSize.width() + SPACE_S if not option.icon.isNull() else 0
            room = max(option.rect.width() - icons - decoration - 2 * SPACE_S, 0)
            option.text = option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideRight, room)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """The heading (if any), the row as the style draws it, then the actions when hovered or selected."""
        colours = palette_for(option.palette)
        label = index.data(ConversationRole.GroupLabel)
        item = self._item_rect(option, index)
        if label:
            painter.save()
            font = QFont(option.font)
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(QColor(colours.muted))
            heading = QRect(option.rect.left() + SPACE_S, option.rect.top() + SPACE_M, option.rect.width(), 0)
            heading.setBottom(item.top() - 1)
            painter.drawText(
                heading, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(label)
            )
            painter.restore()
        row = QStyleOptionViewItem(option)
        row.rect = item
        active = bool(option.state & (QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_Selected))
        super().paint(painter, row, index)
        if not active:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        under = QColor(colours.selection if selected else colours.surface)
        tint = colours.selection_text if selected else colours.muted
        pinned = bool(index.data(ConversationRole.Pinned))
        rects = self._action_rects(item)
        painter.save()
        left = min(rect.left() for _, rect in rects) - SPACE_XS
        painter.fillRect(QRect(left, item.top() + 2, item.right() - left - 2, item.height() - 4), under)
        for (action, rect), (_, icon) in zip(rects, ROW_ACTIONS, strict=True):
            colour = colours.accent if action == "pin" and pinned and not selected else tint
            ui_icon(icon, colour, ICON_S).paint(
                painter, rect.adjusted(SPACE_XS, SPACE_XS, -SPACE_XS, -SPACE_XS)
            )
        painter.restore()

    def action_text(self, action: str, pinned: bool) -> str:
        """The tooltip of a hover action, in the UI language of the moment."""
        texts = {
            "rename": self.tr("Rename"),
            "pin": self.tr("Unpin") if pinned else self.tr("Pin"),
            "delete": self.tr("Delete"),
        }
        return texts[action]

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        """Over a hover action, its name; elsewhere the row's own tooltip."""
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            for action, rect in self._action_rects(self._item_rect(option, index)):
                if rect.contains(event.pos()):
                    QToolTip.showText(
                        event.globalPos(),
                        self.action_text(action, bool(index.data(ConversationRole.Pinned))),
                        view,
                    )
                    return True
        return super().helpEvent(event, view, option, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: _Index) -> None:
        """Rename in place over the title, not over the date heading."""
        super().updateEditorGeometry(editor, option, index)
        editor.setGeometry(self._item_rect(option, index).adjusted(SPACE_XS, 2, -SPACE_XS, -2))

    def editorEvent(
        self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        """A click on an action icon runs it (and does not select the row)."""
        if isinstance(event, QMouseEvent) and event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
        ):
            point = event.position().toPoint()
            for action, rect in self._action_rects(self._item_rect(option, index)):
                if rect.contains(point):
                    if event.type() == QEvent.Type.MouseButtonRelease:
                        self.action_clicked.emit(int(index.data(ConversationRole.Id)), action)
                    return True
        return super().editorEvent(event, model, option, index)
