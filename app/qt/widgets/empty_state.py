"""What an empty conversation shows: the app's icon, a greeting, example prompts and the main shortcuts.

The example prompts are buttons: clicking one puts its text in the message box (``prompt_chosen``). On the
demo gateway a line says that answers are scripted.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons import app_icon
from app.qt.shortcuts import SHORTCUTS, native_text
from app.render.design import READING_WIDTH, SPACE_L, SPACE_S, SPACE_XL, TYPE_FACTORS, TYPE_H1

__all__ = ["EmptyState"]

_SHORTCUTS_SHOWN = ("new_conversation", "focus_search", "show_shortcuts")
# An example prompt's padding and border, left and right (the style sheet's #examplePrompt).
_PROMPT_PADDING = 2 * (14 + 1)


class EmptyState(FollowsLanguageAndTheme, QWidget):
    """The welcome of an empty conversation; passive, it emits ``prompt_chosen(str)``."""

    prompt_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        greeting = self._greeting = QLabel(self)
        greeting.setObjectName("emptyGreeting")
        font = QFont(greeting.font())
        font.setPointSizeF(font.pointSizeF() * TYPE_FACTORS[TYPE_H1])
        font.setWeight(QFont.Weight.DemiBold)
        greeting.setFont(font)
        greeting.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.demo_note = QLabel(self)
        self.demo_note.setObjectName("demoNote")
        self.demo_note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.demo_note.setWordWrap(True)
        self.demo_note.hide()
        prompts = self._prompts = QGridLayout()
        prompts.setSpacing(SPACE_S)
        self._columns = 0  # two columns of examples where they fit whole, else one (_arrange)
        self.prompt_buttons: list[QPushButton] = []
        for index in range(len(self._examples())):
            button = QPushButton(self)
            button.setObjectName("examplePrompt")
            # The text shown when clicked: the example in the language of the moment.
            button.clicked.connect(lambda _checked=False, index=index: self._choose(index))
            self.prompt_buttons.append(button)
        keys = QGridLayout()
        keys.setHorizontalSpacing(SPACE_L)
        self._shortcut_labels: list[tuple[QLabel, QLabel]] = []
        for row in range(len(self._shortcuts())):
            key = QLabel(self)
            key.setObjectName("emptyShortcuts")
            key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            what = QLabel(self)
            what.setObjectName("emptyShortcuts")
            keys.addWidget(key, row, 0)
            keys.addWidget(what, row, 1)
            self._shortcut_labels.append((key, what))
        column = self._column = QWidget(self)
        column.setMaximumWidth(READING_WIDTH - 2 * SPACE_XL)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(SPACE_L)
        inner.addWidget(icon)
        inner.addWidget(greeting)
        inner.addWidget(self.demo_note)
        inner.addSpacing(SPACE_S)
        inner.addLayout(prompts)
        inner.addSpacing(SPACE_S)
        inner.addLayout(keys)
        layout = QVBoxLayout(self)
        # As large as the transcript makes it, never larger: the examples are elided to fit (_arrange).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addStretch(2)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._retranslate()

    def _retranslate(self) -> None:
        self._greeting.setText(self.tr("What can I help with?"))
        self.demo_note.setText(
            self.tr("This is the demo gateway: answers are scripted, and no key or network is used.")
        )
        for button, text in zip(self.prompt_buttons, self._examples(), strict=True):
            button.setAccessibleName(text)
        self._arrange()
        for (key, what), (key_text, label) in zip(self._shortcut_labels, self._shortcuts(), strict=True):
            key.setText(key_text)
            what.setText(label)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Two columns of examples where they fit whole, else one; an example still too long ends in "…"."""
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        room = max(min(self.width() - 2 * SPACE_XL, READING_WIDTH - 2 * SPACE_XL), _PROMPT_PADDING)
        examples = self._examples()
        metrics = self.prompt_buttons[0].fontMetrics()
        widest = max(metrics.horizontalAdvance(text) for text in examples) + _PROMPT_PADDING
        columns = 2 if 2 * widest + SPACE_S <= room else 1
        if columns != self._columns:
            self._columns = columns
            for index, button in enumerate(self.prompt_buttons):
                self._prompts.removeWidget(button)
                self._prompts.addWidget(button, index // columns, index % columns)
        width = (room - (columns - 1) * SPACE_S) // columns - _PROMPT_PADDING
        for button, text in zip(self.prompt_buttons, examples, strict=True):
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0))
            button.setText(shown)
            button.setToolTip(text if shown != text else "")
        # Laid out at once with the new texts, not at the next pass of the event loop (a frame late).
        for layout in (self._column.layout(), self.layout()):
            if layout is not None:
                layout.activate()

    def _choose(self, index: int) -> None:
        self.prompt_chosen.emit(self._examples()[index])

    def set_demo(self, demo: bool) -> None:
        """Say (or stop saying) that the answers come from the demo gateway."""
        self.demo_note.setVisible(demo)

    def _examples(self) -> list[str]:
        return [
            self.tr("Explain how HTTPS keeps a connection private"),
            self.tr("Write a Python function that removes duplicate lines"),
            self.tr("Summarise the pros and cons of remote work in a table"),
            self.tr("Plan a three-day trip to Kyoto on a budget"),
        ]

    def _shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) of the main shortcuts."""
        return [
            (native_text(spec.keys[:1]), spec.label().replace("&", ""))
            for spec in SHORTCUTS
            if spec.name in _SHORTCUTS_SHOWN and spec.keys
        ]
