"""The card above the message box that asks before a tool runs: server, tool, and the full arguments."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.visible_text import reveal_invisible
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.render.palette import palette_for
from app.render.design import ICON_M, SPACE_M, SPACE_S

DECISION_BUTTONS = (
    ("once", "toolAllowOnceButton"),
    ("conversation", "toolAllowConversationButton"),
    ("always", "toolAllowAlwaysButton"),
    ("deny", "toolDenyButton"),
)


class ToolApprovalCard(FollowsLanguageAndTheme, QFrame):
    """A passive card: the controller shows one call at a time; a button (or Enter / Esc) emits ``decided``.

    The arguments are plain text in a read-only box: the model wrote them, and they are shown whole, never
    rendered. No button takes the focus when the card appears: a user still typing the next message, or
    holding Enter, must never allow a call by accident. Tab reaches the buttons, each has a mnemonic
    (Alt+letter), and Esc denies.
    """

    decided = Signal(str)  # "once", "conversation", "always" or "deny"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolApprovalCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel(self)
        self.icon.setObjectName("toolApprovalIcon")
        self.title = QLabel(self)
        self.title.setObjectName("toolApprovalTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.arguments = QPlainTextEdit(self)
        self.arguments.setObjectName("toolApprovalArguments")
        self.arguments.setReadOnly(True)
        self.arguments.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for decision, name in DECISION_BUTTONS:
            button = QPushButton(self)
            button.setObjectName(name)
            button.setAutoDefault(True)
            button.clicked.connect(lambda _checked=False, d=decision: self.decided.emit(d))
            row.addWidget(button)
            self.buttons[decision] = button
        heading = QHBoxLayout()
        heading.setSpacing(SPACE_S)
        heading.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_M, SPACE_S + 2, SPACE_M, SPACE_S + 2)
        layout.setSpacing(SPACE_S)
        layout.addLayout(heading)
        layout.addWidget(self.arguments)
        layout.addLayout(row)
        deny = QShortcut(
            QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        deny.activated.connect(lambda: self.decided.emit("deny"))
        self._asking: tuple[str, str, int, int] | None = None
        self._retranslate()
        self._set_icon()
        self.hide()

    def _follow_palette(self) -> None:
        self._set_icon()

    def _set_icon(self) -> None:
        colour = palette_for(self.palette()).notice_text
        self.icon.setPixmap(
            ui_icon("tools", colour, ICON_M).pixmap(QSize(ICON_M, ICON_M), self.devicePixelRatioF())
        )

    def _retranslate(self) -> None:
        self.arguments.setAccessibleName(self.tr("Arguments"))
        texts = {
            "once": self.tr("&Allow once"),
            "conversation": self.tr("Allow in this &conversation"),
            "always": self.tr("Al&ways allow this tool"),
            "deny": self.tr("&Deny"),
        }
        for decision, button in self.buttons.items():
            button.setText(texts[decision])
        self.setAccessibleName(self.tr("Allow this tool call?"))
        if self._asking is not None:
            self._set_title(*self._asking)

    def _set_title(self, server: str, tool: str, position: int, count: int) -> None:
        # The server named the tool: bidi controls and zero-width characters are shown, never obeyed.
        title = self.tr("The model wants to run {tool} from the server {server}.").format(
            tool=f"“{reveal_invisible(tool)}”", server=f"“{reveal_invisible(server)}”"
        )
        if count > 1:
            title += " " + self.tr("(call {0} of {1})").format(position, count)
        self.title.setText(title)

    def ask(self, server: str, tool: str, arguments: str, position: int, count: int) -> None:
        """Show one call: ``position`` of ``count`` calls asked about together.

        The focus stays in the message box if the user is typing there; otherwise it goes to the read-only
        arguments, where Enter and Space do nothing and Tab leads on to the buttons.
        """
        self._asking = (server, tool, position, count)
        self._set_title(server, tool, position, count)
        self.arguments.setPlainText(arguments)
        # As tall as the arguments, up to about ten lines (then it scrolls).
        lines = min(arguments.count("\n") + 1, 10)
        self.arguments.setFixedHeight(self.arguments.fontMetrics().lineSpacing() * lines + 16)
        self.show()
        focused = QApplication.focusWidget()
        typing = isinstance(focused, QPlainTextEdit | QTextEdit) and not focused.isReadOnly()
        if focused is None or not typing or self.isAncestorOf(focused):
            self.arguments.setFocus(Qt.FocusReason.OtherFocusReason)
