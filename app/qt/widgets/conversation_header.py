"""The bar above the transcript: the sidebar toggle, the conversation's title (renamed in place) and markers.

The markers say when the conversation has a system instruction of its own or uses tools (search, code, URL
context); their tooltips say which. The bar is passive: a finished title edit emits ``rename_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.plain_text import shown_literally
from app.qt.render.palette import palette_for
from app.render.design import ICON_M, SPACE_S, SPACE_XS

__all__ = ["ConversationHeader"]


class _TitleEdit(QLineEdit):
    """A title that looks like a label until it is clicked; Esc puts the old title back."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._shown = ""

    def show_title(self, title: str) -> None:
        self._shown = title
        if not self.hasFocus():
            self.setText(title)
            self.setCursorPosition(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc cancels the edit."""
        if event.key() == Qt.Key.Key_Escape:
            self.setText(self._shown)
            self.clearFocus()
            return
        super().keyPressEvent(event)


class ConversationHeader(FollowsLanguageAndTheme, QWidget):
    """Title and markers of the open conversation, and the button folding the sidebar.

    Signals:
        rename_requested(str): The user finished editing the title (stripped, not empty, changed).
        sidebar_toggled(): The sidebar button was clicked.
    """

    rename_requested = Signal(str)
    sidebar_toggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationHeader")
        self.sidebar_button = QToolButton(self)
        self.sidebar_button.setObjectName("sidebarToggle")
        self.sidebar_button.setAutoRaise(True)
        self.sidebar_button.setIconSize(QSize(ICON_M, ICON_M))
        self.sidebar_button.clicked.connect(self.sidebar_toggled)
        self.title = _TitleEdit(self)
        self.title.setObjectName("conversationTitle")
        self.title.setFrame(False)
        self.title.editingFinished.connect(self._on_edited)
        self.instruction_marker = QLabel(self)
        self.instruction_marker.setObjectName("instructionMarker")
        self.tools_marker = QLabel(self)
        self.tools_marker.setObjectName("toolsMarker")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_XS)
        layout.addWidget(self.sidebar_button)
        layout.addSpacing(SPACE_S)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.instruction_marker)
        layout.addWidget(self.tools_marker)
        self._instruction = ""
        self.show_conversation(None)
        self._set_icons()

    def show_conversation(self, title: str | None, instruction: str = "", tools: bool = False) -> None:
        """Show a conversation's title and markers; None: no conversation is open."""
        self.title.setEnabled(title is not None)
        self.title.show_title(title or "")
        self.instruction_marker.setVisible(bool(instruction.strip()))
        self._instruction = instruction
        self.tools_marker.setVisible(tools)
        self._retranslate()

    def _follow_palette(self) -> None:
        self._set_icons()

    def _retranslate(self) -> None:
        self.sidebar_button.setToolTip(self.tr("Show or hide the conversation list"))
        self.sidebar_button.setAccessibleName(self.tr("Conversation list"))
        self.title.setAccessibleName(self.tr("Conversation title"))
        self.title.setToolTip(self.tr("Click to rename the conversation"))
        self.instruction_marker.setAccessibleName(self.tr("Has its own system instruction"))
        first_line = self._instruction.strip().splitlines()[0][:120] if self._instruction.strip() else ""
        self.instruction_marker.setToolTip(
            shown_literally(
                self.tr("This conversation has its own system instruction: {0}").format(first_line)
            )
        )
        self.tools_marker.setAccessibleName(self.tr("Uses tools"))
        self.tools_marker.setToolTip(self.tr("This conversation uses tools (search, code or web pages)"))

    def _set_icons(self) -> None:
        colours = palette_for(self.palette())
        self.sidebar_button.setIcon(ui_icon("sidebar", colours.text, ICON_M))
        for label, icon in ((self.instruction_marker, "instruction"), (self.tools_marker, "tools")):
            pixmap = ui_icon(icon, colours.muted, ICON_M).pixmap(
                QSize(ICON_M, ICON_M), self.devicePixelRatioF()
            )
            label.setPixmap(pixmap)

    def _on_edited(self) -> None:
        text = self.title.text().strip()
        if text and text != self.title._shown:
            self.rename_requested.emit(text)
        self.title.clearFocus()
