"""The row of attached files above the prompt: a thumbnail or icon, name · type · size, and ✕ to remove."""

from __future__ import annotations

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.attachments import Attachment, format_size, type_label
from app.core.visible_text import reveal_invisible
from app.qt.plain_text import shown_literally
from app.qt.translations import core_text

THUMBNAIL_EDGE = 40
# Badge colours per kind of file; drawn rather than emoji, which many Linux desktops lack a font for.
_BADGE_COLOURS = {
    "image": "#2e7d32",
    "pdf": "#c62828",
    "audio": "#6a1b9a",
    "video": "#1565c0",
    "text": "#546e7a",
}
_NAME_CHARS = 28


def type_badge(label: str, kind: str, edge: int = THUMBNAIL_EDGE) -> QPixmap:
    """A rounded badge with the file type written on it (``PDF``, ``WAV``), for files without a thumbnail."""
    pixmap = QPixmap(edge * 2, edge * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_BADGE_COLOURS.get(kind, "#546e7a")))
    painter.drawRoundedRect(QRectF(6, 2, edge * 2 - 12, edge * 2 - 4), 8, 8)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(
        max(10, int(edge * 2 / max(3, len(label)) * 0.9)) if len(label) > 3 else int(edge * 0.55)
    )
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, edge * 2, edge * 2), Qt.AlignmentFlag.AlignCenter, label[:5])
    painter.end()
    pixmap.setDevicePixelRatio(2.0)
    return pixmap


def make_thumbnail(data: bytes, edge: int = THUMBNAIL_EDGE * 2) -> QImage | None:
    """A small image of ``data`` at most ``edge`` pixels wide and high, or None if Qt cannot decode it.

    Decodes at the reduced size where the format allows it (JPEG), so a large photo costs little. Uses
    only QImage, which is safe to call from a worker thread.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > edge or size.height() > edge):
        reader.setScaledSize(size.scaled(edge, edge, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if image.width() > edge or image.height() > edge:
        image = image.scaled(
            edge, edge, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image


def _elide(name: str, limit: int = _NAME_CHARS) -> str:
    if len(name) <= limit:
        return name
    # Keep the extension visible: "a-very-long-repor….pdf".
    _stem, dot, suffix = name.rpartition(".")
    tail = dot + suffix if dot and len(suffix) <= 6 else ""
    return name[: limit - len(tail) - 1] + "…" + tail


class AttachmentChip(QFrame):
    """One attached file: thumbnail or icon, its name, type and size, and a ✕ button."""

    remove_clicked = Signal(QObject)  # this chip

    def __init__(
        self, attachment: Attachment, thumbnail: QImage | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.attachment = attachment
        kind = core_text(type_label(attachment.mime_type))
        # The name as it is, bidi controls and zero-width characters shown: "invoice\u202etxt.exe" must not
        # read as "invoiceexe.txt".
        name = reveal_invisible(attachment.name)
        summary = f"{name} · {kind} · {format_size(attachment.size)}"
        self._summary = summary
        self.too_large = ""
        """Why the file is too large for most gateways (see ``flag_too_large``), or ""."""
        self.setToolTip(shown_literally(summary))
        self.setAccessibleName(self.tr("Attachment: {0}").format(summary))

        self.preview = QLabel(self)
        self.preview.setObjectName("attachmentPreview")
        self.preview.setFixedSize(THUMBNAIL_EDGE, THUMBNAIL_EDGE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if thumbnail is not None:
            pixmap = QPixmap.fromImage(thumbnail)
            pixmap.setDevicePixelRatio(max(1.0, self.devicePixelRatioF()))
            self.preview.setPixmap(
                pixmap.scaled(
                    QSize(THUMBNAIL_EDGE, THUMBNAIL_EDGE) * pixmap.devicePixelRatio(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.setPixmap(type_badge(kind, attachment.kind))

        self.name_label = QLabel(_elide(name), self)
        self.name_label.setObjectName("attachmentName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)  # a file's name, an import file's included
        self.detail_label = QLabel(f"{kind} · {format_size(attachment.size)}", self)
        self.detail_label.setObjectName("attachmentDetail")
        # Secondary information in the style sheet's secondary text colour (WCAG AA), not a disabled label:
        # a disabled one is drawn at about 1.6:1 and announced as unavailable.

        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("removeAttachmentButton")
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(self.tr("Remove {0}").format(name))
        self.remove_button.setAccessibleName(self.tr("Remove {0}").format(name))
        self.remove_button.clicked.connect(self._on_remove_clicked)

        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.name_label)
        texts.addWidget(self.detail_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 2, 2)
        layout.setSpacing(6)
        layout.addWidget(self.preview)
        layout.addLayout(texts)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

    def text(self) -> str:
        """What the chip says: ``name · TYPE · size``."""
        return self._summary

    def flag_too_large(self, note: str) -> None:
        """Mark the file as too large for most gateways (``note`` says why); "" leaves the chip as it is."""
        self.too_large = note
        if not note:
            return
        self.detail_label.setText(self.tr("{0} · too large").format(self.detail_label.text()))
        self.detail_label.setProperty("warning", True)  # the style sheet's warning colour, not secondary text
        self.detail_label.style().unpolish(self.detail_label)
        self.detail_label.style().polish(self.detail_label)
        self.setToolTip(shown_literally(f"{self._summary}\n{note}"))
        self.setAccessibleDescription(note)

    def _on_remove_clicked(self) -> None:
        self.remove_clicked.emit(self)


class AttachmentStrip(QScrollArea):
    """The attachments of the message being written, as a horizontal row of chips; hidden while empty."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentStrip")
        self.setAccessibleName(self.tr("Attachments"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        inner = QWidget(self)
        inner.setObjectName("attachmentStripInner")
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self.setWidget(inner)
        self._chips: list[AttachmentChip] = []
        self.setVisible(False)

    def sizeHint(self) -> QSize:
        """One chip high, plus room for the horizontal scroll bar."""
        bar = self.horizontalScrollBar().sizeHint().height()
        return QSize(super().sizeHint().width(), THUMBNAIL_EDGE + 10 + bar)

    def add(self, attachment: Attachment, thumbnail: QImage | None = None) -> AttachmentChip:
        """Show ``attachment`` as a new chip at the end of the row."""
        chip = AttachmentChip(attachment, thumbnail, self.widget())
        # A bound slot, not a lambda holding the chip: no reference cycle for the garbage collector.
        chip.remove_clicked.connect(self._on_remove_clicked)
        self._row.insertWidget(len(self._chips), chip)
        self._chips.append(chip)
        self.setFixedHeight(self.sizeHint().height())
        self.setVisible(True)
        self.changed.emit()
        return chip

    def _on_remove_clicked(self, chip: QObject) -> None:
        if isinstance(chip, AttachmentChip):
            self.remove_chip(chip)

    def remove_chip(self, chip: AttachmentChip) -> None:
        """Drop one attachment."""
        if chip not in self._chips:
            return
        self._chips.remove(chip)
        self._row.removeWidget(chip)
        chip.hide()
        chip.deleteLater()
        self.setVisible(bool(self._chips))
        self.changed.emit()

    def clear(self) -> None:
        """Drop every attachment (after a successful send)."""
        if not self._chips:
            return
        for chip in self._chips:
            self._row.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self._chips.clear()
        self.setVisible(False)
        self.changed.emit()

    def chips(self) -> list[AttachmentChip]:
        """The chips, in order."""
        return list(self._chips)

    def attachments(self) -> list[Attachment]:
        """The attached files, in order."""
        return [chip.attachment for chip in self._chips]

    def count(self) -> int:
        """How many files are attached."""
        return len(self._chips)
