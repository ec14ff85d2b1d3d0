"""Keys drawn as key caps: "Ctrl" "N" in small rounded boxes, alternatives side by side.

The shortcuts sheet's keys column uses ``KeyCapDelegate``; the item keeps the keys' text (what a screen
reader reads and what ``ShortcutsDialog.rows`` returns) and carries the caps to draw under ``CAPS_ROLE``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.qt.render.palette import palette_for
from app.qt.shortcuts import Key, key_sequences
from app.render.design import RADIUS_S, SPACE_S, SPACE_XS

__all__ = ["CAPS_ROLE", "KeyCapDelegate", "key_caps"]

#: Item data: the caps to draw, one tuple of key names per alternative.
CAPS_ROLE = Qt.ItemDataRole.UserRole + 40

_CAP_PADDING = 6  # pixels left and right of a key's name inside its cap
_CAP_GAP = 3  # between the caps of one combination
_INDEX = QModelIndex | QPersistentModelIndex


def key_caps(keys: Sequence[Key]) -> list[tuple[str, ...]]:
    """The caps of each alternative of ``keys`` as this platform names them: ``[("Ctrl", "N")]``.

    A combination's text is split at its "+" signs, the key "+" itself kept (``Ctrl++`` is Ctrl and +);
    macOS writes combinations without separators (``⌘N``), which then make one cap.
    """
    caps: list[tuple[str, ...]] = []
    for sequence in key_sequences(keys, alternatives=False):
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        parts: list[str] = []
        for piece in text.split("+"):
            if piece:
                parts.append(piece)
            elif parts and parts[-1] != "+":
                parts.append("+")  # an empty piece is the "+" key between two separators
        caps.append(tuple(parts) or (text,))
    return caps


class KeyCapDelegate(QStyledItemDelegate):
    """Draws an item's ``CAPS_ROLE`` as key caps in the theme's colours; "or" between alternatives.

    Args:
        or_text: The word between alternatives, translated (read again on each paint).
        parent: The view.
    """

    def __init__(self, or_text: str, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.or_text = or_text

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        """Room for every cap, and a cap's height plus a little space above and below."""
        metrics = QFontMetrics(option.font)
        return QSize(
            self.width_of(metrics, index.data(CAPS_ROLE) or []) + 2 * SPACE_S, _cap_height(metrics) + 10
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        """The row's background as the style draws it, then the caps from the left, centred vertically."""
        caps: list[tuple[str, ...]] = index.data(CAPS_ROLE) or []
        if not caps:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget is not None else None
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        colours = palette_for(option.palette)
        metrics = QFontMetrics(option.font)
        rect = option.rect
        height = _cap_height(metrics)
        top = rect.top() + (rect.height() - height) / 2
        x = rect.left() + SPACE_S
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        for number, combination in enumerate(caps):
            if number:
                painter.setPen(QColor(colours.muted))
                word = f" {self.or_text.strip()} "
                painter.drawText(
                    QRectF(x, top, metrics.horizontalAdvance(word), height),
                    Qt.AlignmentFlag.AlignCenter,
                    word,
                )
                x += metrics.horizontalAdvance(word)
            for key in combination:
                width = metrics.horizontalAdvance(key) + 2 * _CAP_PADDING
                cap = QRectF(x, top, width, height).adjusted(0.5, 0.5, -0.5, -0.5)
                painter.setPen(QPen(QColor(colours.border_strong), 1.0))
                painter.setBrush(QColor(colours.surface))
                painter.drawRoundedRect(cap, RADIUS_S - 2, RADIUS_S - 2)
                painter.setPen(QColor(colours.text))
                painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, key)
                x += width + _CAP_GAP
        painter.restore()

    def width_of(self, metrics: QFontMetrics, caps: Sequence[tuple[str, ...]]) -> int:
        """How wide ``caps`` are drawn with ``metrics`` (the row's padding not included)."""
        width = 0
        for number, combination in enumerate(caps):
            if number:
                width += metrics.horizontalAdvance(f" {self.or_text.strip()} ")
            width += sum(metrics.horizontalAdvance(key) + 2 * _CAP_PADDING + _CAP_GAP for key in combination)
        return width


def _cap_height(metrics: QFontMetrics) -> int:
    return metrics.height() + SPACE_XS
