"""Several models' answers to one question, side by side while they stream: one column per model.

Passive: the controller feeds it text, figures and endings, and listens to its intents (Stop one answer,
continue from one answer). Each column shows the model's name, its figures (first token, tokens per second,
tokens), its own Stop, "Continue from this answer" and the answer, rendered as Markdown while it streams
(``StreamedAnswerView``, with the transcript's renderer).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.gemini.model_names import display_name
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.plain_text import shown_literally
from app.qt.widgets.streamed_answer import StreamedAnswerView
from app.render.markdown import MarkdownRenderer

__all__ = ["ParallelReplies"]


class _Column(FollowsLanguageAndTheme, QFrame):
    """One model's answer."""

    def __init__(self, index: int, model: str, body: StreamedAnswerView, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"parallelReply{index}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = model
        self.model_name = display_name(model)  # "Gemini 2.5 Flash"; the id is in the tooltip
        self.name = QLabel(self.model_name, self)
        self.name.setObjectName("parallelReplyModel")
        # Model ids come from the gateway's list: shown as written, never read as HTML.
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setToolTip(shown_literally(model))
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.figures = QLabel("", self)
        self.figures.setObjectName("parallelReplyFigures")
        self.figures.setWordWrap(True)
        self.stop = QPushButton(self)
        self.stop.setObjectName("parallelReplyStop")
        self.pick = QPushButton(self)
        self.pick.setObjectName("parallelReplyPick")
        self.body = body
        body.setParent(self)
        self.body.setObjectName("parallelReplyBody")
        self._retranslate()
        self.state = QLabel(self.tr("Answering…"), self)
        self.state.setObjectName("parallelReplyState")
        self.state.setWordWrap(True)
        # Narrow columns must not widen the window: long names and figures are cut or wrapped, not laid wide.
        for label in (self.name, self.figures, self.state):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(160)
        # Side by side, or one above the other in a column too narrow for both (never cut off).
        self._buttons = buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons.addWidget(self.stop)
        buttons.addWidget(self.pick)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.name)
        layout.addLayout(buttons)
        layout.addWidget(self.figures)
        layout.addWidget(self.state)
        layout.addWidget(self.body, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Stack the buttons when the column is too narrow for both side by side."""
        super().resizeEvent(event)
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        room = self.width() - (margins.left() + margins.right() if margins is not None else 0)
        needed = self.stop.sizeHint().width() + self._buttons.spacing() + self.pick.sizeHint().width()
        direction = QBoxLayout.Direction.LeftToRight if room >= needed else QBoxLayout.Direction.TopToBottom
        if self._buttons.direction() != direction:
            self._buttons.setDirection(direction)

    def _retranslate(self) -> None:
        self.stop.setText(self.tr("Stop"))
        self.stop.setAccessibleName(self.tr("Stop the answer of {0}").format(self.model_name))
        self.pick.setText(self.tr("Continue from this answer"))
        self.pick.setAccessibleName(self.tr("Continue from the answer of {0}").format(self.model_name))
        self.body.setAccessibleName(self.tr("Answer of {0}").format(self.model_name))
        if getattr(self, "_buttons", None) is not None:
            self._fit_buttons()  # other words, other widths


class ParallelReplies(QWidget):
    """The answers of several models to one question, each in a column of its own.

    Args:
        parent: The owner.
        renderer: Returns the Markdown renderer to use now (the transcript's).
        resource: Serves the images rendered answers name (the transcript's ``loadResource``).

    Signals:
        stop_requested(int): Stop one answer (its message id); the others go on.
        pick_requested(int): Continue the conversation from this answer (its message id).
        link_clicked(QUrl, str): A link in an answer was clicked, with its text.
        copied(str): A code block's Copy put it on the clipboard: the confirmation shown.
    """

    stop_requested = Signal(int)
    pick_requested = Signal(int)
    link_clicked = Signal(QUrl, str)
    copied = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        renderer: Callable[[], MarkdownRenderer] = MarkdownRenderer,
        resource: Callable[[int, QUrl], object] = lambda _type, _url: None,
    ) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._resource = resource
        self.setObjectName("parallelReplies")
        self.setAccessibleName(self.tr("Answers of several models"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(220)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._columns: dict[int, _Column] = {}
        self.hide()

    def start(self, replies: dict[int, str]) -> None:
        """Show one column per reply (message id -> model), empty and answering."""
        self.clear()
        for index, (message_id, model) in enumerate(replies.items()):
            body = StreamedAnswerView(self._renderer, self._resource, message_id=message_id)
            body.link_clicked.connect(self.link_clicked)
            body.copied.connect(self.copied)
            column = _Column(index, model, body, self)
            column.stop.clicked.connect(lambda _=False, m=message_id: self.stop_requested.emit(m))
            column.pick.clicked.connect(lambda _=False, m=message_id: self.pick_requested.emit(m))
            column.pick.setEnabled(False)
            self._layout.addWidget(column, 1)
            self._columns[message_id] = column
        self.setVisible(bool(self._columns))

    def add_reply(self, message_id: int, model: str) -> None:
        """Add a column for one more reply."""
        self.start({**{m: c.model for m, c in self._columns.items()}, message_id: model})

    def clear(self) -> None:
        """Remove every column and hide."""
        for column in self._columns.values():
            self._layout.removeWidget(column)
            column.deleteLater()
        self._columns.clear()
        self.hide()

    def shows(self, message_id: int) -> bool:
        """Whether a column shows this reply."""
        return message_id in self._columns

    def message_ids(self) -> list[int]:
        """The replies shown, left to right."""
        return list(self._columns)

    def append(self, message_id: int, text: str) -> None:
        """Add streamed text to a reply (shown rendered within a frame)."""
        column = self._columns.get(message_id)
        if column is not None:
            column.body.append(text)

    def set_figures(self, message_id: int, figures: str) -> None:
        """Show a reply's figures (first token, tokens per second, tokens)."""
        column = self._columns.get(message_id)
        if column is not None:
            column.figures.setText(figures)

    def finish(self, message_id: int, state: str, *, usable: bool) -> None:
        """A reply ended: say how (``state``); ``usable`` replies can be continued from."""
        column = self._columns.get(message_id)
        if column is None:
            return
        column.body.finish()
        column.state.setText(state)
        column.stop.setEnabled(False)
        column.pick.setEnabled(usable)

    def formulas_ready(self) -> None:
        """Formulas were typeset (the transcript's images, which the columns share): show them."""
        for column in self._columns.values():
            column.body.formulas_ready()

    def mark_picked(self, message_id: int) -> None:
        """Show which reply the conversation continues from."""
        for mid, column in self._columns.items():
            column.name.setText(("✓ " if mid == message_id else "") + column.model_name)

    def state_of(self, message_id: int) -> str:
        """What a reply's column says about it (for tests and screen readers)."""
        column = self._columns.get(message_id)
        return "" if column is None else column.state.text()

    def text_of(self, message_id: int) -> str:
        """A reply's text as received (its Markdown source)."""
        column = self._columns.get(message_id)
        return "" if column is None else column.body.markdown

    def column(self, message_id: int) -> QFrame | None:
        """The column of a reply."""
        return self._columns.get(message_id)
