"""The find bar under the transcript: a field, the match count, previous/next and close (Ctrl+F)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme


class FindBar(FollowsLanguageAndTheme, QWidget):
    """Finds text in the open conversation; passive: it only says what the user typed and pressed.

    Signals:
        query_changed(str): The text to find changed ("" clears the highlighting).
        next_requested(): Go to the next match (Enter, F3, the ↓ button).
        previous_requested(): Go to the previous match (Shift+Enter, Shift+F3, the ↑ button).
        closed(): The bar was closed (Esc or ✕).
    """

    query_changed = Signal(str)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.field = QLineEdit(self)
        self.field.setObjectName("findField")
        self.field.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("findPrevious")
        self.previous_button.setText("↑")
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("findNext")
        self.next_button.setText("↓")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("findClose")
        self.close_button.setText("✕")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)

        self.field.textChanged.connect(lambda text: self.query_changed.emit(text.strip()))
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.close_button.clicked.connect(self.close_bar)
        self.field.installEventFilter(self)
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Find in this conversation"))
        self.field.setAccessibleName(self.tr("Find in this conversation"))
        self.previous_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.previous_button.setAccessibleName(self.tr("Previous match"))
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.next_button.setAccessibleName(self.tr("Next match"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self.close_button.setAccessibleName(self.tr("Close the find bar"))

    def open_with(self, query: str | None = None, *, focus: bool = True) -> None:
        """Show the bar; ``query`` replaces its text if given; ``focus`` puts the cursor in it."""
        if query is not None and query != self.field.text():
            self.field.blockSignals(True)  # the caller finds the new query itself, once
            self.field.setText(query)
            self.field.blockSignals(False)
        self.show()
        if focus:
            self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.field.selectAll()

    def query(self) -> str:
        """What is being found ("" when the bar is closed)."""
        return self.field.text().strip() if self.isVisible() else ""

    def show_count(self, current: int, total: int) -> None:
        """Show "2 of 5" (``current`` counts from 1; 0 when none is selected), or "No matches"."""
        if not self.field.text().strip():
            self.count_label.clear()
        elif total == 0:
            self.count_label.setText(self.tr("No matches"))
        else:
            self.count_label.setText(self.tr("{0} of {1}").format(current, total))

    def close_bar(self) -> None:
        """Hide the bar and say so (the highlighting goes with it)."""
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the field: Enter and Shift+Enter step through the matches, Esc closes the bar."""
        if watched is not self.field or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if event.type() == QEvent.Type.ShortcutOverride and key == Qt.Key.Key_Escape:
            event.accept()  # Esc closes the bar, it does not stop an answer
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        if key == Qt.Key.Key_Escape:
            self.close_bar()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous_requested.emit()
            else:
                self.next_requested.emit()
            return True
        return False
