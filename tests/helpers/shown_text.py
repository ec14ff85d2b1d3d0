"""What a user reads in a label, a message box or a tooltip: its text, or what Qt makes of it as rich text."""

from __future__ import annotations

from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox

__all__ = ["label_shows", "shows"]


def shows(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """The words ``text`` shows in ``text_format`` (tooltips are always ``AutoText``).

    ``AutoText`` is read as HTML when it looks like HTML (``Qt.mightBeRichText``): a known tag before
    the first line break is enough.
    """
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(widget: QLabel | QMessageBox) -> str:
    """The words a label, or a message box's main text, shows."""
    return shows(widget.text(), widget.textFormat())
