"""The bar above the transcript: the sidebar toggle, the conversation's title (renamed in place) and markers.

The markers say when the conversation has a system instruction of its own or uses tools (search, code, URL
context); their tooltips say which. The bar is passive: a finished title edit emits ``rename_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.plain_text import shown_literally
from app.qt.render.palette import palette_for
from app.render.design import ICON_M, SPACE_S, SPACE_XS

__all__ = ["ConversationHeader"]

# The title's horizontal padding and border in the style sheet (``QLineEdit#conversationTitle``), in pixels.
_TITLE_PADDING = 7


class _TitleEdit(QLineEdit):
    """A title that looks like a label until it is clicked; Esc puts the old title back.

    While it is not being edited, a title too long for the bar ends in "…" and its tooltip carries it whole;
    editing always starts from the whole title.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._shown = ""
        # The tooltip's hint under the title (set by the header in the UI language).
        self.hint = ""
        # What the shown text was fitted for: a row refresh (a Send makes several) shows the same title again,
        # and eliding it is the costly part (1-2 ms each on a loaded machine, six times per Send).
        self._fitted_for: tuple[tuple[str, int, str, str], str] | None = None

    def show_title(self, title: str) -> None:
        self._shown = title
        if not self.hasFocus():
            self._show_fitted()

    def _show_fitted(self) -> None:
        """Show the title, elided to the room there is, with the whole title in the tooltip when cut."""
        margins = self.textMargins()
        # The style sheet's padding and border, and QLineEdit's own 2 px on each side.
        room = self.contentsRect().width() - margins.left() - margins.right() - 2 * (_TITLE_PADDING + 2)
        fitting = (self._shown, room, self.hint, self.font().key())
        if self._fitted_for is not None and self._fitted_for == (fitting, self.text()):
            return  # the same title in the same room, shown as fitted
        fitted = self.fontMetrics().elidedText(self._shown, Qt.TextElideMode.ElideRight, max(room, 0))
        self.setText(fitted)
        self.setCursorPosition(0)
        cut = fitted != self._shown
        self.setToolTip(shown_literally(f"{self._shown}\n{self.hint}") if cut else self.hint)
        self._fitted_for = (fitting, fitted)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Editing starts from the whole title, not its elided form."""
        if self.text() != self._shown:
            self.setText(self._shown)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Back to the fitted title once the edit is over (``editingFinished`` has read the whole text)."""
        super().focusOutEvent(event)
        self._show_fitted()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the title to the new width."""
        super().resizeEvent(event)
        if not self.hasFocus():
            self._show_fitted()

    def event(self, event: QEvent) -> bool:
        """Esc while editing belongs to the title, not to the window's Esc shortcut (stop the answer)."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

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
        self.title.hint = self.tr("Click to rename the conversation")
        self.title.show_title(self.title._shown)
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
