"""Typeset formula images for the transcript: typeset in a process of their own, kept in a bounded cache.

``FormulaImages.lookup`` (the renderer's ``app.render.math.FormulaImages``) answers from the cache, or asks
the typesetting process (``app.render.math_worker``, started on the first formula) for it and answers
``None``. The SVG that comes back is drawn into an image (``app.qt.render.formula_raster``, about a
millisecond each, a few milliseconds' worth per event-loop pass), and ``ready`` is emitted once per pass when
images have arrived, so the view draws the formulas it showed as source again. A process, not a thread:
pure-Python typesetting in a thread would hold the interpreter lock against the GUI thread. The process ends
when its input is closed (the view went away, or the app quit).

A formula is typeset once per style (text size, ink colour, device pixel ratio): changing the theme or the
text size gives new images, the old ones age out of the cache. Until its new image is there, a formula's
image in the style before stands in for it (never its source), and formulas of a style left before they
were sent to the process are never typeset: only a few requests are in the process at a time, the rest
wait here, so five quick Ctrl+plus steps typeset the last size, not all five.

Formulas are padded above or below so that Qt's ``vertical-align: middle`` (the image's middle a
quarter of an x-height above the baseline) puts the formula's own baseline on the line's baseline; formulas
much taller above their baseline than below are padded for ``vertical-align: baseline`` instead.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, replace

from PySide6.QtCore import QByteArray, QObject, QProcess, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from app.qt.render.formula_raster import FormulaStyle, rasterize
from app.render.math import (
    FORMULA_FAILED,
    FORMULA_TOO_BIG,
    FailedFormula,
    FormulaImage,
    FormulaLookup,
    formula_too_big,
)
from app.render.math_text import PlacedText
from app.render.math_worker import worker_command

__all__ = ["FormulaImages", "FormulaStyle", "rasterize"]

_CACHE_BYTES = 48 * 1024 * 1024
"""At most this many bytes of formula images are kept (a few thousand formulas at usual sizes)."""

_MAX_NAMES = 50_000
"""Sources of this many shown formulas are remembered, so an image that aged out can be made again."""

_BUDGET_MS = 4000
"""The longest the typesetting process may work on one formula (usual ones take 10-60 ms); past it the
process is stopped and started again, and the formula is shown as its source."""

_START_MS = 10_000
"""Added to the first formula's budget of a new process: starting it and loading the typesetter."""

_DRAW_SECONDS = 0.006
"""Answers are drawn into images for at most about this long per event-loop pass (about a millisecond each),
the rest in the passes after: 32 answers read at once drew for 20-60 ms in one go."""

_Key = tuple[str, bool, FormulaStyle]

_IN_PROCESS = 32
"""At most this many requests are given to the typesetting process at a time (the others wait here, and are
dropped when the style changes first): enough to keep it busy between two reads of its answers."""


@dataclass(frozen=True, slots=True)
class _Rendered:
    image: QImage
    shown: FormulaImage


class FormulaImages(QObject):
    """The transcript's typeset formulas.

    Signals:
        ready(): Images asked for by ``lookup`` have arrived (or failed); at most one per event-loop pass.

    Args:
        style: How formulas look at first.
        parent: The owner (the transcript view).
        cache_bytes: The most image memory kept.
        budget_ms: The longest one formula may take to typeset before it is given up (shown as source).
    """

    ready = Signal()

    def __init__(
        self,
        style: FormulaStyle,
        parent: QObject | None = None,
        *,
        cache_bytes: int = _CACHE_BYTES,
        budget_ms: int = _BUDGET_MS,
    ) -> None:
        super().__init__(parent)
        self.style = style
        self._cache: OrderedDict[_Key, _Rendered] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._used_bytes = 0
        self._failed: dict[_Key, FailedFormula] = {}
        self._pending: dict[int, _Key] = {}  # request number -> formula
        self._asked: set[_Key] = set()
        self._names: OrderedDict[str, _Key] = OrderedDict()
        self._latest: dict[tuple[str, bool], _Key] = {}  # formula -> the style it was last drawn in
        self._queue: deque[int] = deque()  # requests not given to the process yet, in order
        self._process: QProcess | None = None
        self._received = b""
        self._answers: deque[tuple[int, str | None, tuple[PlacedText, ...]]] = deque()  # read, not drawn yet
        self._drawing_queued = False
        self._next_request = 0
        self._ready_queued = False
        # The requests the process has not answered yet, in the order it works on them: the first one is
        # being typeset, and the watchdog stops the process when that takes longer than the budget.
        self._in_worker: deque[int] = deque()
        self._budget_ms = budget_ms
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_overrun)
        #: Formulas typeset so far (tests and benchmarks count them: each formula once per style).
        self.typeset_count = 0

    # -- the renderer's interface ---------------------------------------------------------------------------

    def lookup(self, latex: str, display: bool) -> FormulaLookup:
        """The formula's image in the current style, ``FORMULA_FAILED``, or ``None`` while it is typeset."""
        key = (latex, display, self.style)
        rendered = self._cache.get(key)
        if rendered is not None:
            self._cache.move_to_end(key)
            return rendered.shown
        failed = self._failed.get(key)
        if failed is not None:
            return failed
        if key not in self._asked:
            if formula_too_big(latex):
                self._failed[key] = FORMULA_TOO_BIG
                return FORMULA_TOO_BIG
            self._ask(key)
        return self._stand_in(latex, display)

    def _stand_in(self, latex: str, display: bool) -> FormulaImage | None:
        """The formula's image in the style it was last drawn in, while the current one is typeset."""
        old = self._latest.get((latex, display))
        rendered = self._cache.get(old) if old is not None else None
        if old is None or rendered is None:
            return None
        self._cache.move_to_end(old)  # shown again: kept until its replacement arrives
        return replace(rendered.shown, stand_in=True)

    # -- the view's interface -------------------------------------------------------------------------------

    def warm(self) -> None:
        """Start the typesetting process and have it load the typesetter and its fonts, if it is not running.

        Called when a streamed answer first shows a formula delimiter: a cold process took seconds over its
        first formula, shown as source meanwhile. Its answer is not kept (it has no pending request).
        """
        if self._process is None:
            self._next_request += 1
            self._send(self._next_request, ("x", False, self.style))

    @property
    def pending(self) -> int:
        """How many formulas are being typeset."""
        return len(self._pending)

    @property
    def worker_pid(self) -> int | None:
        """The typesetting process's id while it runs (benchmarks add its CPU time to the app's)."""
        process = self._process
        return int(process.processId()) if process is not None and process.processId() else None

    def set_style(self, style: FormulaStyle) -> bool:
        """Typeset in ``style`` from now on; return whether it differs from the current one."""
        if style == self.style:
            return False
        self.style = style
        # Formulas of a style left before they were typeset are not typeset at all: the last style wins.
        kept: deque[int] = deque()
        for number in self._queue:
            key = self._pending.get(number)
            if key is not None and key[2] == style:
                kept.append(number)
            elif key is not None:
                del self._pending[number]
                self._asked.discard(key)
        if len(kept) < len(self._queue):
            self._queue_ready()  # fewer pending: what waited for all of them may be drawn now
        self._queue = kept
        return True

    def image(self, name: str) -> QImage | None:
        """The image shown as ``gd-math:NAME``; ``None`` while it is made again (it aged out of the cache).

        It is made again by the typesetting process, never on this (the GUI) thread: ``ready`` tells when.
        """
        key = self._names.get(name)
        if key is None:
            return None
        rendered = self._cache.get(key)
        if rendered is None:
            if key not in self._asked:
                self._ask(key)
            return None
        return rendered.image

    def source(self, name: str) -> tuple[str, bool] | None:
        """The LaTeX source of the image ``gd-math:NAME`` and whether it is a display formula."""
        key = self._names.get(name)
        return None if key is None else (key[0], key[1])

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Block until every formula asked for is typeset and ``ready`` was emitted (tests, benchmarks)."""
        while True:
            self._draw_answers(None)
            if not (self._pending and self._process is not None):
                break
            # The watchdog's timer cannot fire while this blocks: its budget bounds each wait instead.
            budget = self._watchdog.remainingTime() if self._watchdog.isActive() else timeout_ms
            if self._process.waitForReadyRead(max(1, min(budget, timeout_ms))):
                self._read_answers()
            elif self._watchdog.isActive() and self._watchdog.remainingTime() <= 0:
                self._watchdog.stop()
                self._on_overrun()
            else:
                break
        self._emit_ready()

    def shutdown(self) -> None:
        """End the typesetting process; formulas asked for and not typeset yet are forgotten."""
        process, self._process = self._process, None
        if process is not None:
            process.finished.disconnect(self._on_finished)
            process.readyReadStandardOutput.disconnect(self._read_answers)
            process.closeWriteChannel()  # it ends at the end of its input
            process.waitForFinished(1000)
            process.deleteLater()
        for key in self._pending.values():
            self._asked.discard(key)
        self._pending.clear()
        self._queue.clear()
        self._answers.clear()
        self._in_worker.clear()
        self._watchdog.stop()

    # -- the typesetting process ----------------------------------------------------------------------------

    def _ask(self, key: _Key) -> None:
        self._next_request += 1
        self._pending[self._next_request] = key
        self._asked.add(key)
        self._queue.append(self._next_request)
        self._pump()

    def _pump(self) -> None:
        """Give the process the next waiting requests, up to ``_IN_PROCESS`` at a time."""
        while self._queue and len(self._in_worker) < _IN_PROCESS:
            number = self._queue.popleft()
            key = self._pending.get(number)
            if key is not None:
                self._send(number, key)

    def _send(self, number: int, key: _Key) -> None:
        """Give request ``number`` to the typesetting process (started here if it is not running)."""
        process = self._process
        budget = self._budget_ms
        if process is None:
            process = self._process = QProcess(self)
            program, *arguments = worker_command()
            process.readyReadStandardOutput.connect(self._read_answers)
            process.finished.connect(self._on_finished)
            process.start(program, arguments)
            budget += _START_MS
        if not self._in_worker:
            self._watchdog.start(budget)  # it starts on this one now
        self._in_worker.append(number)
        latex, display, style = key
        request = [number, latex, display, style.size_px, style.color]
        process.write(QByteArray(json.dumps(request).encode("ascii") + b"\n"))

    @Slot()
    def _on_overrun(self) -> None:
        """The formula being typeset took too long: show it as source, start again with the ones after it."""
        process, self._process = self._process, None
        if process is None or not self._in_worker:
            return
        process.finished.disconnect(self._on_finished)
        process.readyReadStandardOutput.disconnect(self._read_answers)
        process.kill()
        process.waitForFinished(1000)
        process.deleteLater()
        self._received = b""
        stuck = self._pending.pop(self._in_worker.popleft(), None)
        if stuck is not None:
            self._failed[stuck] = FORMULA_TOO_BIG
        waiting, self._in_worker = self._in_worker, deque()
        for number in waiting:
            key = self._pending.get(number)
            if key is not None:
                self._send(number, key)
        self._pump()
        self._queue_ready()

    @Slot()
    def _read_answers(self) -> None:
        process = self._process
        if process is None:
            return
        self._received += bytes(process.readAllStandardOutput().data())
        *lines, self._received = self._received.split(b"\n")
        self._answered(len(lines))
        self._answers.extend(answer for line in lines if (answer := _parse_answer(line)) is not None)
        self._draw_answers(_DRAW_SECONDS)

    @Slot()
    def _draw_next_answers(self) -> None:
        self._drawing_queued = False
        self._draw_answers(_DRAW_SECONDS)

    def _draw_answers(self, seconds: float | None) -> None:
        """Draw the answers read for about ``seconds`` (all when None); the rest in the next pass."""
        deadline = None if seconds is None else time.perf_counter() + seconds
        drawn = False
        while self._answers and (deadline is None or not drawn or time.perf_counter() < deadline):
            number, svg, texts = self._answers.popleft()
            key = self._pending.pop(number, None)
            if key is not None:
                self._deliver(key, svg, texts)
                drawn = True
        if self._answers and not self._drawing_queued:
            self._drawing_queued = True
            QTimer.singleShot(0, self, self._draw_next_answers)  # after the paint and input waiting
        if drawn:
            self._queue_ready()

    @Slot()
    def _on_finished(self) -> None:
        # It crashed or was killed: what it had not answered is shown as source, and a later formula
        # starts a new process.
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
        self._draw_answers(None)  # what it answered before it ended is shown
        for key in self._pending.values():
            self._failed[key] = FORMULA_FAILED
        self._pending.clear()
        self._queue.clear()
        self._in_worker.clear()
        self._watchdog.stop()
        self._received = b""
        self._queue_ready()

    def _answered(self, count: int) -> None:
        """The process answered ``count`` more requests (one line each, in order): time the next one."""
        for _ in range(min(count, len(self._in_worker))):
            self._in_worker.popleft()
        if not count:
            return
        if self._in_worker:
            self._watchdog.start(self._budget_ms)
        else:
            self._watchdog.stop()
        self._pump()

    def _deliver(self, key: _Key, svg: str | None, texts: tuple[PlacedText, ...]) -> None:
        self.typeset_count += 1
        name = _name_of(key)
        self._names[name] = key
        self._names.move_to_end(name)
        if len(self._names) > _MAX_NAMES:
            self._names.popitem(last=False)
        rendered = _draw(svg, texts, key[2], name) if svg is not None else FORMULA_FAILED
        if isinstance(rendered, _Rendered):
            self._store(key, rendered)
        else:
            self._failed[key] = rendered

    def _queue_ready(self) -> None:
        if not self._ready_queued:
            self._ready_queued = True
            # One "ready" for all the images delivered in this pass of the event loop.
            QTimer.singleShot(0, self, self._emit_ready)  # not after this object is gone

    @Slot()
    def _emit_ready(self) -> None:
        if self._ready_queued:
            self._ready_queued = False
            self.ready.emit()

    def _store(self, key: _Key, rendered: _Rendered) -> None:
        self._cache[key] = rendered
        self._latest[key[0], key[1]] = key
        self._used_bytes += rendered.image.sizeInBytes()
        while self._used_bytes > self._cache_bytes and len(self._cache) > 1:
            old_key, old = self._cache.popitem(last=False)
            self._used_bytes -= old.image.sizeInBytes()
            self._asked.discard(old_key)  # asked for again when it is shown again
            if self._latest.get((old_key[0], old_key[1])) == old_key:
                del self._latest[old_key[0], old_key[1]]


def _name_of(key: _Key) -> str:
    latex, display, style = key
    text = f"{latex}\x00{display}\x00{style}"
    return hashlib.blake2s(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def _parse_answer(line: bytes) -> tuple[int, str | None, tuple[PlacedText, ...]] | None:
    """``(request number, svg or None, texts)`` from a line of the typesetting process; None if garbled."""
    try:
        answer = json.loads(line)
        number = int(answer[0])
        svg = answer[1] if isinstance(answer[1], str) else None
        texts = tuple(
            PlacedText(str(text), float(x), float(y), float(size))
            for text, x, y, size in (answer[4] if svg is not None else [])
        )
    except (ValueError, TypeError, IndexError, KeyError):
        return None
    return number, svg, texts


def _draw(
    svg: str, texts: tuple[PlacedText, ...], style: FormulaStyle, name: str
) -> _Rendered | FailedFormula:
    """Draw a typeset formula; ``FORMULA_TOO_BIG`` beyond the pixel budget, ``FORMULA_FAILED`` if unusable."""
    drawn = rasterize(svg, style, texts)
    if not drawn.image.isNull():
        return _Rendered(drawn.image, FormulaImage(name, drawn.width, drawn.height, baseline=drawn.baseline))
    return FORMULA_TOO_BIG if drawn.width or drawn.height else FORMULA_FAILED
