"""Several models' answers to one question, side by side while they stream: one column per model.

Passive: the controller feeds it text, figures and endings, and listens to its intents (Stop one answer,
continue from one answer). Each column is a card in the transcript's look: a header with the model's name and
time and its own Stop and "Continue from this answer" as icon buttons (named, with tooltips), its figures
(first token, tokens per second, tokens), and the answer rendered as Markdown while it streams
(``StreamedAnswerView``, with the transcript's renderer).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from app.core.gemini.model_names import display_name
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import icon_size, ui_icon
from app.qt.message_times import message_time
from app.qt.plain_text import shown_literally
from app.qt.render.palette import palette_for
from app.qt.widgets.streamed_answer import StreamedAnswerView
from app.render.design import ICON_S, SPACE_M, SPACE_S, SPACE_XS
from app.render.markdown import MarkdownRenderer

__all__ = ["ParallelReplies"]


class _Column(FollowsLanguageAndTheme, QFrame):
    """One model's answer, as a card.

    A header (the model's name and when it was asked, Stop and Continue as icon buttons), the figures and
    state under it, and the answer rendered as the transcript renders it. Colours come from the style sheet.
    """

    def __init__(self, index: int, model: str, body: StreamedAnswerView, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"parallelReply{index}")
        self.setProperty("replyCard", True)  # the style sheet's card (``app.qt.style_sheet``)
        self.model = model
        self.model_name = display_name(model)  # "Gemini 2.5 Flash"; the id is in the tooltip
        # The transcript's answer header: the sparkle and the name in the model's accent, then the time.
        self.mark = QLabel(self)
        self.mark.setObjectName("parallelReplyMark")
        self.name = QLabel(self.model_name, self)
        self.name.setObjectName("parallelReplyModel")
        # Model ids come from the gateway's list: shown as written, never read as HTML.
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setToolTip(shown_literally(model))
        self.when = QLabel("· " + message_time(time.time()), self)
        self.when.setObjectName("parallelReplyTime")
        self.figures = QLabel("", self)
        self.figures.setObjectName("parallelReplyFigures")
        self.figures.setWordWrap(True)
        self.stop = QToolButton(self)
        self.stop.setObjectName("parallelReplyStop")
        self.pick = QToolButton(self)
        self.pick.setObjectName("parallelReplyPick")
        for button in (self.stop, self.pick):
            button.setAutoRaise(True)
            button.setIconSize(icon_size(ICON_S))
        self.body = body
        body.setParent(self)
        self.body.setObjectName("parallelReplyBody")
        self.state = QLabel(self)
        self.state.setObjectName("parallelReplyState")
        self.state.setWordWrap(True)
        self._retranslate()
        self.state.setText(self.tr("Answering…"))
        # Narrow columns must not widen the window: long names and figures are cut or wrapped, not laid wide.
        for label in (self.name, self.figures, self.state):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(160)
        header = QHBoxLayout()
        header.setSpacing(SPACE_XS)
        header.addWidget(self.mark)
        header.addWidget(self.name, 1)
        header.addWidget(self.when)
        header.addWidget(self.stop)
        header.addWidget(self.pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_M, SPACE_S, SPACE_S, SPACE_S)
        layout.setSpacing(SPACE_XS)
        layout.addLayout(header)
        layout.addWidget(self.figures)
        layout.addWidget(self.state)
        layout.addWidget(self.body, 1)
        self._follow_palette()

    def show_picked(self, picked: bool) -> None:
        """Mark this answer as the one the conversation continues from (or not)."""
        self.name.setText(("✓ " if picked else "") + self.model_name)

    def _follow_palette(self) -> None:
        colours = palette_for(self.palette())
        self.mark.setPixmap(ui_icon("sparkle", colours.model_accent, ICON_S).pixmap(icon_size(ICON_S)))
        self.stop.setIcon(ui_icon("stop", colours.muted, ICON_S, disabled=colours.disabled_text))
        self.pick.setIcon(ui_icon("check", colours.muted, ICON_S, disabled=colours.disabled_text))

    def _retranslate(self) -> None:
        self.stop.setToolTip(self.tr("Stop"))
        self.stop.setAccessibleName(self.tr("Stop the answer of {0}").format(self.model_name))
        self.pick.setToolTip(self.tr("Continue from this answer"))
        self.pick.setAccessibleName(self.tr("Continue from the answer of {0}").format(self.model_name))
        self.body.setAccessibleName(self.tr("Answer of {0}").format(self.model_name))


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
        self._layout.setSpacing(SPACE_S)
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
            column.show_picked(mid == message_id)

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
