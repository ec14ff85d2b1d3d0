"""A model in the picker's list: its name, its id and token limits, and badges for what it can do."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.core.chat.model_features import ModelFeatures
from app.core.visible_text import visible_line
from app.qt.models.model_entries import DISPLAY_NAME_ROLE, FEATURES_ROLE
from app.qt.render.palette import palette_for

_Index = QModelIndex | QPersistentModelIndex
_GAP = 2
_BADGE_PADDING = 4


def compact_count(count: int) -> str:
    """A token limit as people quote it: 1,048,576 is "1M", 65,536 is "64K"."""
    if count >= 1024 * 1024 and count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)}M"
    if count >= 1024 and count % 1024 == 0:
        return f"{count // 1024}K"
    return f"{count:,}"


def model_row_texts(model_id: str, display_name: str, features: ModelFeatures) -> tuple[str, str, list[str]]:
    """What a model's row shows: the name, the secondary line (id, token limits) and the badges."""
    shown_id = visible_line(model_id)  # the gateway's: one line, nothing hidden
    title = display_name or shown_id
    secondary = [shown_id] if title != shown_id else []
    if features.input_limit or features.output_limit:
        secondary.append(
            QCoreApplication.translate("ModelPicker", "{0} in · {1} out").format(
                compact_count(features.input_limit) if features.input_limit else "?",
                compact_count(features.output_limit) if features.output_limit else "?",
            )
        )
    badges = []
    if features.thinking:
        badges.append(QCoreApplication.translate("ModelPicker", "Thinking"))
    if features.vision:
        badges.append(QCoreApplication.translate("ModelPicker", "Vision"))
    if features.image_output:
        badges.append(QCoreApplication.translate("ModelPicker", "Image output"))
    return title, " · ".join(secondary), badges


class ModelItemDelegate(QStyledItemDelegate):
    """Two lines for a model (name and badges; id and limits, dimmed); headings and separators as usual."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Room for two lines on model entries; the standard size for headings, separators and the rest."""
        name = index.data(DISPLAY_NAME_ROLE)
        if name is None:
            return super().sizeHint(option, index)
        # Asked for every row of lists with thousands of models: one cheap look-up, not the whole style
        # option (nine data roles) the standard size would read.
        title = name or str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = option.fontMetrics.horizontalAdvance(title) + 4 * _BADGE_PADDING
        return QSize(width, 2 * option.fontMetrics.height() + 3 * _GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Draw a model entry's two lines; anything else the standard way (separators as a line)."""
        features = index.data(FEATURES_ROLE)
        if index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "separator":
            painter.save()
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            middle = option.rect.center().y()
            painter.drawLine(option.rect.left() + 4, middle, option.rect.right() - 4, middle)
            painter.restore()
            return
        if not isinstance(features, ModelFeatures):
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        model_id = item.text
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        title, secondary, badges = model_row_texts(
            model_id, str(index.data(DISPLAY_NAME_ROLE) or ""), features
        )
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        palette = item.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = palette.color(text_role)
        metrics = item.fontMetrics
        line = metrics.height()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setClipRect(area)
        small = QFont(item.font)
        small.setPointSizeF(max(6.0, item.font.pointSizeF() * 0.85))
        small_metrics = QFontMetrics(small)
        badge_widths = [small_metrics.horizontalAdvance(b) + 2 * _BADGE_PADDING for b in badges]
        badges_width = sum(badge_widths) + _BADGE_PADDING * len(badges)
        painter.setPen(text_colour)
        title_width = max(0, area.width() - badges_width)
        elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_width)
        painter.drawText(QRect(area.left(), area.top() + _GAP, title_width, line), flags, elided)
        x = area.left() + metrics.horizontalAdvance(elided) + _BADGE_PADDING
        painter.setFont(small)
        for badge, width in zip(badges, badge_widths, strict=True):
            rect = QRect(x, area.top() + _GAP + 1, width, line - 2)
            painter.setPen(palette.color(QPalette.ColorRole.Mid))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(text_colour)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, badge)
            x += width + _BADGE_PADDING
        # The secondary line in the theme's secondary text colour (WCAG AA), not the disabled grey.
        painter.setPen(text_colour if selected else QColor(palette_for(palette).muted))
        second = QRect(area.left(), area.top() + 2 * _GAP + line, area.width(), line)
        painter.drawText(
            second, flags, small_metrics.elidedText(secondary, Qt.TextElideMode.ElideRight, area.width())
        )
        painter.restore()
