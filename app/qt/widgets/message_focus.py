"""Which message of the transcript is active, by pointer or keyboard, and its action bar.

Pointer: the message under the pointer shows its action bar at its header line (and keeps it while the
pointer is on the bar). Keyboard: Tab into the transcript picks the lowest message on screen and rings it;
Up and Down go to the previous and next message (scrolling through a message taller than the view first),
Home and End to the first and last; Left and Right show its other versions; Ctrl+C without a selection
copies it; Enter or Tab go into its action bar (arrows along it, Enter or Space to press, Esc back). Tab from
the bar's last button goes on to the message's own controls, its *stops* (code blocks' Copy, images, Retry:
``message_stops.py``), ringed where they are drawn: Enter or Space presses one, Ctrl+C on a code block copies
it, Esc goes back to the message. Tab from the last stop, or Esc from the message, leaves for the message box.
Up from the first message shown rests on "Show earlier messages" when there are earlier ones (Enter or Up
shows them). Screen readers hear the message's place, author and beginning, or the stop's name, as the
transcript's name and description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QTextEdit, QWidget

from app.qt.render.document_edit import MessageRecord
from app.qt.render.palette import palette_for
from app.qt.widgets.message_actions import MessageActionBar
from app.qt.widgets.message_geometry import bar_place, lowest_on_screen, message_rect, scroll_offset
from app.qt.widgets.message_stop_keys import MessageStopKeys
from app.qt.widgets.message_stops import Stop, banner_stop
from app.render.design import RADIUS_M, RADIUS_S, SPACE_S

__all__ = ["MessageFocus"]

# How long the bar stays after the pointer left the message, so it can be reached across a gap (ms).
_HIDE_DELAY_MS = 350
# Characters of a message read out as the transcript's description when the keyboard reaches it.
_SPOKEN_CHARS = 160
_RING_PAD = 6
_STOP_PAD = 3
_TAB_REASONS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)


class MessageFocus(MessageStopKeys, QObject):
    """Tracks the pointer's and the keyboard's message in a transcript and places the action bar.

    Signals:
        leave_requested(): Esc on a message: the keyboard should go back to the message box.

    Args:
        view: The transcript (also the parent); the bar floats over its viewport.
        messages: The shown messages by id, in document order.
        run: Runs an action path (``copy-message/12``, ``copy-code/12/0``) at a point of the viewport.
        streaming: Whether an answer is arriving (Esc then stops it, as everywhere in the window).
        load_earlier: Shows the previous page of messages; False when there is none.
        earlier: How many messages are not shown yet, above the first one shown.
        source: A message's Markdown as shown now (the live text for an answer arriving).
    """

    leave_requested = Signal()

    def __init__(
        self,
        view: QTextEdit,
        messages: Callable[[], Mapping[int, MessageRecord]],
        run: Callable[[str, QPoint], None],
        streaming: Callable[[], bool],
        load_earlier: Callable[[], bool],
        earlier: Callable[[], int],
        source: Callable[[MessageRecord], str],
    ) -> None:
        super().__init__(view)
        self._view = view
        self._messages = messages
        self._run = run
        self._streaming = streaming
        self._load_earlier = load_earlier
        self._earlier = earlier
        self._source = source
        # The stop the keyboard rests on (a code block's Copy, Retry, "Show earlier messages"), if any.
        self._stop: Stop | None = None
        # Where the stop is drawn, for the ring: (document revision, width, path) -> document rectangle.
        self._stop_place: tuple[tuple[int, int, str], QRectF | None] | None = None
        self._hovered: int | None = None
        # The keyboard's message, and its place (kept when a redraw gives the message another id).
        self._current: int | None = None
        self._current_index = -1
        # Whether the keyboard went to the message (its ring shows), not a click into its text.
        self._keyboard = False
        # The keyboard comes back from the bar (Esc, Shift+Tab): it stays on the same message.
        self._returning = False
        self._base_name = view.accessibleName()
        self._viewport = view.viewport()
        self.bar = MessageActionBar(self._viewport)
        self.bar.triggered.connect(self._on_triggered)
        self.bar.escape_pressed.connect(self._back_from_bar)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(_HIDE_DELAY_MS)
        self._hide_timer.timeout.connect(self._on_hide_timer)
        # Layout changes (an answer arriving, a resize) move the message under the bar: place it again, once.
        self._place_timer = QTimer(self)
        self._place_timer.setSingleShot(True)
        self._place_timer.setInterval(0)
        self._place_timer.timeout.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self._place_soon)
        view.document().documentLayout().documentSizeChanged.connect(self._place_soon)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        self.bar.installEventFilter(self)
        for button in self.bar.buttons.values():
            button.installEventFilter(self)  # the keyboard leaving a button may leave the transcript

    # -- state ----------------------------------------------------------------------------------------------

    @property
    def current(self) -> int | None:
        """The id of the message the keyboard is on (None: none)."""
        return self._valid_current()

    @property
    def ringed(self) -> int | None:
        """The message ringed in the focus colour: the keyboard's, while the transcript has the keys."""
        if not self._keyboard or not self._has_keys():
            return None
        return self._valid_current()

    def reset(self) -> None:
        """Forget the messages (another conversation is shown)."""
        self._hovered = None
        self._current = None
        self._current_index = -1
        self._keyboard = False
        self._stop = None
        self.update()

    def _has_keys(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self._view or self.bar.isAncestorOf(focus))

    def _valid_current(self) -> int | None:
        messages = self._messages()
        if self._current in messages:
            return self._current
        if self._current is None or not messages:
            return None
        # Redrawn below a fork (another version): the message at the same place takes over.
        ids = list(messages)
        self._current = ids[min(max(self._current_index, 0), len(ids) - 1)]
        return self._current

    def _set_current(self, message_id: int | None, *, keyboard: bool) -> None:
        self._stop = None
        self._current = message_id
        ids = list(self._messages())
        self._current_index = ids.index(message_id) if message_id in ids else -1
        self._keyboard = keyboard
        self._announce()
        self.update()
        self._view.viewport().update()

    # -- the bar --------------------------------------------------------------------------------------------

    def _target(self) -> int | None:
        """The message the bar is for: the keyboard's while it is there, else the pointer's."""
        stop = self._valid_stop()
        on_banner = stop is not None and stop.region == "banner"
        if self._has_keys() and not on_banner and (self._keyboard or self.bar.focused_index() is not None):
            current = self._valid_current()
            if current is not None:
                return current
        return self._hovered if self._hovered in self._messages() else None

    def update(self) -> None:
        """Show the bar on the active message, at its header line, or hide it."""
        target = self._target()
        message = self._messages().get(target) if target is not None else None
        if message is None:
            if self.bar.focused_index() is None:
                self.bar.hide()
            return
        self.bar.show_for(
            message.message_id,
            _actions(message),
            self._subject(message),
            message.tools_expanded if message.role == "tool" else message.thoughts_expanded,
        )
        place = bar_place(self._view, message, self.bar.sizeHint())
        if place is None:
            self.bar.hide()
            return
        self.bar.move(place)
        self.bar.show()
        self.bar.raise_()

    def _place_soon(self) -> None:
        if not self.bar.isHidden() and not self._place_timer.isActive():
            self._place_timer.start()

    def _message_rect(self, message: MessageRecord) -> QRectF:
        return message_rect(self._view, message)

    def _on_triggered(self, action: str, message_id: int) -> None:
        at = self.bar.geometry().center()
        self._run(f"{action}/{message_id}", at)
        self.update()  # "Show thinking" reads "Hide thinking" now

    def _on_hide_timer(self) -> None:
        if self.bar.underMouse():
            return  # the pointer went onto the bar itself
        self._hovered = None
        self.update()

    # -- painting -------------------------------------------------------------------------------------------

    def paint_ring(self) -> None:
        """Ring the keyboard's message, or its stop, in the focus colour (from the view's paint event)."""
        ringed = self.ringed
        message = self._messages().get(ringed) if ringed is not None else None
        if message is None:
            return
        view = self._view
        radius = RADIUS_M
        place = self._stop_rect() if self._valid_stop() is not None else None
        if place is not None:
            rect, radius = place.adjusted(-_STOP_PAD, -_STOP_PAD / 2, _STOP_PAD, _STOP_PAD / 2), RADIUS_S
        else:
            rect = self._message_rect(message).adjusted(-_RING_PAD, -_RING_PAD, _RING_PAD, 2 * _RING_PAD)
        rect.translate(-scroll_offset(view))
        painter = QPainter(view.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(palette_for(view.palette()).focus), 2.0))
        painter.drawRoundedRect(rect, radius, radius)
        painter.end()

    # -- events ---------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Pointer over the viewport and the bar, keys and focus on the transcript."""
        kind = event.type()
        view = getattr(self, "_view", None)  # gone with the Python side when a failed test tore it down
        if view is None or not shiboken6.isValid(view):
            return False  # the transcript is being destroyed: its viewport's last events are not ours
        if watched is self._viewport:
            if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                self._on_pointer(event.position().toPoint())
            elif kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
                self._set_current(self._message_at(event.position().toPoint()), keyboard=False)
            elif kind == QEvent.Type.Leave:
                self._hide_timer.start()
            elif kind == QEvent.Type.Resize:
                self._place_soon()
        elif watched in self.bar.buttons.values():
            if kind == QEvent.Type.FocusOut:
                self._viewport.update()
                self._place_timer.start()
        elif watched is self.bar:
            if kind == QEvent.Type.Leave:
                self._hide_timer.start()
            elif kind == QEvent.Type.Enter:
                self._hide_timer.stop()
        elif watched is self._view:
            if kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
                self._on_focus_in(event.reason())
            elif kind == QEvent.Type.FocusOut:
                self._view.viewport().update()
                self._place_timer.start()  # the focus may be on its way to the bar: look again then
            elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
                if event.key() == Qt.Key.Key_Escape and not self._streaming():
                    event.accept()  # Esc here leaves the transcript (while an answer arrives it stops it)
                    return True
            elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._on_key(event)
        return super().eventFilter(watched, event)

    def _on_pointer(self, pos: QPoint) -> None:
        if self.bar.focused_index() is not None:
            return  # the keyboard is in the bar: it does not jump under the pointer's feet
        hovered = self._message_at(pos)
        if hovered is None:
            self._hide_timer.start()
            return
        self._hide_timer.stop()
        if hovered != self._hovered or self.bar.isHidden():
            self._hovered = hovered
            if not self._has_keys() or not self._keyboard:
                self.update()

    def _message_at(self, pos: QPoint) -> int | None:
        """The message at ``pos`` of the viewport (beside the column too), or None over nothing."""
        view = self._view
        point = QPointF(pos) + QPointF(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        at = view.document().documentLayout().hitTest(point, Qt.HitTestAccuracy.FuzzyHit)
        if at < 0:
            return None
        found = None
        for message_id, message in self._messages().items():
            if message.start.position() > at:
                break
            found = message_id
        return found

    def _on_focus_in(self, reason: Qt.FocusReason) -> None:
        if self._returning:
            self._returning = False
        elif reason in _TAB_REASONS:
            self._set_current(lowest_on_screen(self._view, self._messages()), keyboard=True)
            self._reveal()
        self._view.viewport().update()
        self.update()

    def _on_key(self, event: QKeyEvent) -> bool:
        key, modifiers = event.key(), event.modifiers()
        plain = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if self._valid_stop() is not None:
            handled = self._on_stop_key(event, plain)
            if handled is not None:
                return handled
        current = self._valid_current()
        if key == Qt.Key.Key_Escape and plain:
            self.leave_requested.emit()
            return True
        if event.matches(QKeySequence.StandardKey.Copy) and current is not None:
            if self._view.textCursor().hasSelection():
                return False
            self._run(f"copy-message/{current}", self._ring_point())
            return True
        if not plain:
            return False
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return self._step(key == Qt.Key.Key_Down)
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self._messages():
            if key == Qt.Key.Key_Home:
                while self._load_earlier():
                    pass
            ids = list(self._messages())
            self._set_current(ids[0] if key == Qt.Key.Key_Home else ids[-1], keyboard=True)
            self._reveal()
            return True
        if current is None:
            return False
        message = self._messages()[current]
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and message.versions is not None:
            action = "version-next" if key == Qt.Key.Key_Right else "version-previous"
            self._run(f"{action}/{current}", self._ring_point())
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._keyboard = True
            self.update()
            return self.bar.focus_button(0)
        return False

    def _step(self, forward: bool) -> bool:
        """Up or Down: through a message taller than the view first, then to the next or previous one."""
        view = self._view
        current = self._valid_current()
        messages = self._messages()
        if current is None or not self._keyboard:
            self._set_current(lowest_on_screen(self._view, self._messages()), keyboard=True)
            self._reveal()
            return True
        rect = self._message_rect(messages[current])
        top = view.verticalScrollBar().value()
        bottom = top + view.viewport().height()
        if (forward and rect.bottom() > bottom + 1) or (not forward and rect.top() < top - 1):
            return False  # the view scrolls a line, as it does anywhere
        ids = list(messages)
        index = ids.index(current) + (1 if forward else -1)
        if index < 0 and self._earlier() > 0:
            self._rest_on(banner_stop(self._earlier()))  # Up again, or Enter, shows them
            return True
        if not 0 <= index < len(ids):
            return True
        self._set_current(ids[index], keyboard=True)
        self._reveal()
        return True

    def _reveal(self) -> None:
        """Scroll the keyboard's message into view: all of it, or its top when it is taller than the view."""
        current = self._valid_current()
        if current is None:
            return
        self._scroll_into_view(self._message_rect(self._messages()[current]))
        self.update()

    def _ring_point(self) -> QPoint:
        place = self._stop_rect()
        if place is not None:
            return (place.center() - scroll_offset(self._view)).toPoint()
        return self.bar.geometry().center() if not self.bar.isHidden() else QPoint(SPACE_S, SPACE_S)

    def _back_from_bar(self) -> None:
        self._returning = True
        self._view.setFocus(Qt.FocusReason.BacktabFocusReason)

    def tab(self, forward: bool) -> bool:
        """Tab and Shift+Tab inside the transcript: message, its buttons, its stops, then out.

        Returns False for Qt's own way (Shift+Tab from the message).
        """
        buttons = self.bar.shown_buttons()
        index = self.bar.focused_index()
        stop = self._valid_stop()
        if stop is not None:
            return self._tab_from_stop(stop, forward)
        if index is None:  # on the message
            if forward and self._valid_current() is not None and self._keyboard:
                self.update()
                return self.bar.focus_button(0) or self._to_stop(0) or self._leave(True)
            return self._leave(forward) if forward else False
        if forward:
            if index + 1 < len(buttons):
                return self.bar.focus_button(index + 1)
            return self._to_stop(0) or self._leave(True)
        if index > 0:
            return self.bar.focus_button(index - 1)
        self._back_from_bar()
        return True

    def _leave(self, forward: bool) -> bool:
        """Give the keyboard to the next control after the transcript (its message bar skipped).

        Controls drawn over the transcript are next in line: a new conversation's example prompts.
        """
        view: QWidget = self._view
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        widget = view.nextInFocusChain() if forward else view.previousInFocusChain()
        for _ in range(500):
            if widget is None or widget is view:
                return False
            takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            # The transcript's own controls (the example prompts) only while it is shown: when it is being
            # hidden or closed, Qt asks this to move the keyboard elsewhere, never into what is going away.
            inside = view.isAncestorOf(widget)
            reachable = not inside or (view.isVisible() and not self.bar.isAncestorOf(widget))
            if reachable and takes_tab and widget.isVisible() and widget.isEnabled():
                widget.setFocus(reason)
                return True
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
        return False

    # -- screen readers -------------------------------------------------------------------------------------

    def _subject(self, message: MessageRecord) -> str:
        ids = list(self._messages())
        place = ids.index(message.message_id) + 1 if message.message_id in ids else 0
        author = self._author(message)
        return self.tr("message {0} of {1}, {2}").format(place, len(ids), author)

    def _author(self, message: MessageRecord) -> str:
        if message.role == "user":
            return self.tr("you")
        if message.role == "tool":
            return self.tr("tool results")
        return message.header.partition(" · ")[0] or self.tr("Gemini")

    def _announce(self) -> None:
        """Name the keyboard's message (or stop) in the transcript's accessible name and description."""
        view = self._view
        current = self._valid_current()
        message = self._messages().get(current) if current is not None else None
        if message is None or not self._keyboard:
            view.setAccessibleName(self._base_name)
            view.setAccessibleDescription("")
            return
        stop = self._valid_stop()
        if stop is not None:
            place = "" if stop.region == "banner" else f"{self._subject(message)}: "
            view.setAccessibleName(f"{self._base_name}: {place}{stop.name}")
            view.setAccessibleDescription(stop.spoken)
            return
        view.setAccessibleName(f"{self._base_name}: {self._subject(message)}")
        text = " ".join(message.source.split())
        spoken = text[:_SPOKEN_CHARS] + ("…" if len(text) > _SPOKEN_CHARS else "")
        if message.versions is not None:
            spoken += " " + self.tr("Version {0} of {1}.").format(*message.versions)
        view.setAccessibleDescription(spoken)

    def retranslate(self, base_name: str) -> None:
        """The transcript's own name in the language now installed."""
        self._base_name = base_name
        self._announce()


def _actions(message: MessageRecord) -> set[str]:
    actions = {"copy-message"}
    if message.role == "user":
        actions.add("edit")
    elif message.role != "tool":
        actions.add("regenerate")
    if message.thoughts:
        actions.add("toggle-thoughts")
    if message.role == "tool":
        actions.add("toggle-tools")
    if message.versions is not None:
        actions.add("delete-version")
    return actions
