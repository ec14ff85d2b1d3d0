"""The message action bar: icon buttons (Copy, Edit or Regenerate, Thinking, Tools, Delete version).

One bar floats over the transcript's viewport, at the header line of the message under the pointer or with
the keyboard focus (``MessageFocus`` decides which and where). The buttons take no focus from a click, so
copying an answer leaves the cursor in the message box; the keyboard reaches them through the transcript
(Tab from the focused message, arrows between them, Enter or Space, Esc back to the message).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import icon_size, ui_icon
from app.qt.render.palette import palette_for
from app.render.design import ICON_S, RADIUS_S

__all__ = ["ACTION_BUTTONS", "MessageActionBar"]

# The bar's actions in their order: (action, icon, object name of its button).
ACTION_BUTTONS = (
    ("copy-message", "copy", "messageCopyButton"),
    ("edit", "edit", "messageEditButton"),
    ("regenerate", "regenerate", "messageRegenerateButton"),
    ("toggle-thoughts", "thinking", "messageThinkingButton"),
    ("toggle-tools", "tools", "messageToolsButton"),
    ("delete-version", "trash", "messageDeleteVersionButton"),
)


class MessageActionBar(FollowsLanguageAndTheme, QFrame):
    """A row of icon buttons acting on one message.

    Signals:
        triggered(str, int): A button was pressed: its action and the message's id.
        escape_pressed(): Esc on a button: the keyboard goes back to the message.

    Args:
        parent: The transcript's viewport.
    """

    triggered = Signal(str, int)
    escape_pressed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageActions")
        self.setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message_id = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setSpacing(1)
        self.buttons: dict[str, QToolButton] = {}
        for action, _icon, name in ACTION_BUTTONS:
            button = QToolButton(self)
            button.setObjectName(name)
            button.setAutoRaise(True)
            button.setIconSize(icon_size(ICON_S))
            # A click leaves the keyboard where it was (the message box); keys reach the buttons via the
            # transcript, which gives them the focus itself.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=action: self.triggered.emit(a, self.message_id))
            button.installEventFilter(self)
            layout.addWidget(button)
            self.buttons[action] = button
        self._retranslate()
        self._set_icons()
        self.hide()

    def show_for(self, message_id: int, actions: set[str], subject: str, thoughts_open: bool) -> None:
        """Offer ``actions`` for message ``message_id``; ``subject`` names it for screen readers.

        ``thoughts_open``: the message's Thinking (or a tool step's results) is open: its button then says
        it hides it.
        """
        self.message_id = message_id
        for action, button in self.buttons.items():
            button.setVisible(action in actions)
        self._thoughts_open = thoughts_open
        self._retranslate()
        self.setAccessibleName(self.tr("Actions for {0}").format(subject))
        self.adjustSize()

    def shown_buttons(self) -> list[QToolButton]:
        """The buttons offered now, in order."""
        return [button for button in self.buttons.values() if not button.isHidden()]

    def focus_button(self, index: int) -> bool:
        """Give the keyboard to the ``index``-th offered button (negative from the end); False if none."""
        buttons = self.shown_buttons()
        if not buttons or not -len(buttons) <= index < len(buttons):
            return False
        buttons[index].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def focused_index(self) -> int | None:
        """Which offered button has the keyboard, if one has."""
        buttons = self.shown_buttons()
        for index, button in enumerate(buttons):
            if button.hasFocus():
                return index
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys on a button: Enter presses it, Left/Right move along the bar, Esc goes back to the message."""
        if not isinstance(event, QKeyEvent) or watched not in self.children():
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(watched, QToolButton):
                watched.click()
                return True
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                index = self.focused_index()
                if index is not None:
                    step = 1 if key == Qt.Key.Key_Right else -1
                    self.focus_button((index + step) % len(self.shown_buttons()))
                return True
            if key == Qt.Key.Key_Escape:
                self.escape_pressed.emit()
                return True
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc here goes back to the message, it does not stop an answer
            return True
        return super().eventFilter(watched, event)

    def _follow_palette(self) -> None:
        self._set_icons()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A small rounded card, so the icons read over any text they cover."""
        colours = palette_for(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colours.border), 1.0))
        painter.setBrush(QColor(colours.base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), RADIUS_S, RADIUS_S)
        focused = self.focused_index()
        if focused is not None:  # the button the keyboard is on, ringed in the focus colour
            ring = QRectF(self.shown_buttons()[focused].geometry()).adjusted(0.5, 0.5, -0.5, -0.5)
            painter.setPen(QPen(QColor(colours.focus), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(ring, RADIUS_S - 2, RADIUS_S - 2)
        painter.end()

    def _set_icons(self) -> None:
        colours = palette_for(self.palette())
        for action, icon, _name in ACTION_BUTTONS:
            self.buttons[action].setIcon(ui_icon(icon, colours.muted, ICON_S))

    def _retranslate(self) -> None:
        thoughts_open = getattr(self, "_thoughts_open", False)
        labels = {
            "copy-message": (self.tr("Copy"), self.tr("Copy this message")),
            "edit": (self.tr("Edit"), self.tr("Edit this message and send it again")),
            "regenerate": (self.tr("Regenerate"), self.tr("Ask for this answer again")),
            "toggle-thoughts": (
                (self.tr("Hide thinking"), self.tr("Hide the model's thinking"))
                if thoughts_open
                else (self.tr("Show thinking"), self.tr("Show the model's thinking"))
            ),
            "toggle-tools": (
                (self.tr("Hide tool results"), self.tr("Fold the tool results to one line per call"))
                if thoughts_open
                else (self.tr("Show tool results"), self.tr("Show what each tool returned"))
            ),
            "delete-version": (self.tr("Delete version"), self.tr("Delete this version and what follows it")),
        }
        for action, (name, tip) in labels.items():
            button = self.buttons[action]
            button.setToolTip(name)
            button.setAccessibleName(name)
            button.setAccessibleDescription(tip)
