"""The keyboard on a message's stops (its code blocks' Copy, its Retry) and on "Show earlier messages".

A mixin of ``MessageFocus``, which owns the state declared here; ``message_stops.py`` says what the stops are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTextEdit

from app.qt.render.document_edit import MessageRecord
from app.qt.widgets.message_actions import MessageActionBar
from app.qt.widgets.message_stops import Stop, message_stops, stop_rect
from app.render.design import SPACE_S

__all__ = ["MessageStopKeys"]


class MessageStopKeys:
    """Stop methods of ``MessageFocus`` (a mixin: the focus owns the attributes declared here)."""

    _view: QTextEdit
    bar: MessageActionBar
    _messages: Callable[[], Mapping[int, MessageRecord]]
    _run: Callable[[str, QPoint], None]
    _load_earlier: Callable[[], bool]
    _earlier: Callable[[], int]
    _source: Callable[[MessageRecord], str]
    _stop: Stop | None
    _stop_place: tuple[tuple[int, int, str], QRectF | None] | None
    _returning: bool
    _keyboard: bool

    if TYPE_CHECKING:

        def _valid_current(self) -> int | None: ...

        def _has_keys(self) -> bool: ...

        def _announce(self) -> None: ...

        def update(self) -> None: ...  # noqa: D102 (the focus's, documented there)

        def _set_current(self, message_id: int | None, *, keyboard: bool) -> None: ...

        def _reveal(self) -> None: ...

        def _ring_point(self) -> QPoint: ...

        def _leave(self, forward: bool) -> bool: ...

    @property
    def stop(self) -> Stop | None:
        """The stop the keyboard rests on (a code block's Copy, Retry, "Show earlier messages"), or None."""
        return self._valid_stop()

    @property
    def holds_banner(self) -> bool:
        """Whether the keyboard rests on "Show earlier messages" (reaching the top then loads nothing)."""
        stop = self._valid_stop()
        return stop is not None and stop.region == "banner" and self._has_keys()

    def _valid_stop(self) -> Stop | None:
        """The keyboard's stop while it still exists (a redraw or another version may have taken it)."""
        stop = self._stop
        if stop is None:
            return None
        banner = stop.region == "banner"
        if (banner and not self._earlier()) or (not banner and stop.message_id != self._valid_current()):
            self._stop = None
        return self._stop

    def _stop_rect(self) -> QRectF | None:
        """Where the keyboard's stop is drawn (document coordinates), looked for once per document change."""
        stop = self._valid_stop()
        if stop is None:
            return None
        document = self._view.document()
        key = (document.revision(), self._view.viewport().width(), stop.path)
        if self._stop_place is None or self._stop_place[0] != key:
            if stop.region == "banner":
                owner = next(iter(self._messages().values()), None)
            else:
                owner = self._messages().get(self._valid_current() or -1)
            self._stop_place = (key, stop_rect(document, stop, owner))
        return self._stop_place[1]

    def _stops(self) -> list[Stop]:
        current = self._valid_current()
        message = self._messages().get(current) if current is not None else None
        if message is None:
            return []
        return message_stops(self._view.document(), message, self._source(message))

    def _rest_on(self, stop: Stop | None) -> None:
        """Put the keyboard on ``stop`` (None: back on the message itself), ring it and show it."""
        if stop is not None and not self._view.hasFocus():
            self._returning = True  # from the bar: the focus comes back to the same message
            self._view.setFocus(Qt.FocusReason.TabFocusReason)
        self._stop = stop
        self._keyboard = True
        self._announce()
        place = self._stop_rect()
        if place is not None:
            self._scroll_into_view(place)
        self.update()
        self._view.viewport().update()

    def _to_stop(self, index: int) -> bool:
        stops = self._stops()
        if not -len(stops) <= index < len(stops):
            return False
        self._rest_on(stops[index])
        return True

    def _on_stop_key(self, event: QKeyEvent, plain: bool) -> bool | None:
        """Keys on a stop; None: the message's own handling (Up and Down leave it for another message)."""
        stop = self._stop
        assert stop is not None
        key = event.key()
        banner = stop.region == "banner"
        presses = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) + (
            (Qt.Key.Key_Up,) if banner else ()
        )
        if plain and key in presses:
            if banner:
                self._show_earlier()
            else:
                self._run(stop.path, self._ring_point())
            return True
        if stop.copies_code and event.matches(QKeySequence.StandardKey.Copy):
            self._run(stop.path, self._ring_point())
            return True
        if plain and (key == Qt.Key.Key_Escape or (banner and key == Qt.Key.Key_Down)):
            self._rest_on(None)  # back to the message (the first one, from the banner)
            self._reveal()
            return True
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._stop = None
        return None

    def _show_earlier(self) -> None:
        """Show the previous page of messages ("Show earlier messages"); the keyboard goes to its last one."""
        ids = list(self._messages())
        if not ids or not self._load_earlier():
            return
        ids = list(self._messages())
        first = self._valid_current()
        index = ids.index(first) - 1 if first in ids else 0
        self._set_current(ids[max(index, 0)], keyboard=True)
        self._reveal()

    def _scroll_into_view(self, rect: QRectF) -> None:
        bar = self._view.verticalScrollBar()
        height = self._view.viewport().height()
        top, bottom = rect.top() - 2 * SPACE_S, rect.bottom() + 2 * SPACE_S
        if top < bar.value():
            bar.setValue(round(top))
        elif bottom > bar.value() + height:
            bar.setValue(round(min(top, bottom - height)))

    def _tab_from_stop(self, stop: Stop, forward: bool) -> bool:
        if stop.region == "banner":
            self._stop = None
            return self._leave(True) if forward else False
        paths = [s.path for s in self._stops()]
        place = paths.index(stop.path) if stop.path in paths else len(paths)
        if forward:
            if place + 1 < len(paths) and self._to_stop(place + 1):
                return True
            self._stop = None
            return self._leave(True)
        if place > 0 and self._to_stop(place - 1):
            return True
        self._stop = None
        if not self.bar.focus_button(-1):
            self._rest_on(None)
        return True
