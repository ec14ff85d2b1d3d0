"""Typeset formula images for the transcript: typeset off the GUI thread, kept in a bounded cache.

``FormulaImages.lookup`` (the renderer's ``app.render.math.FormulaImages``) answers from the cache, or starts
typesetting the formula on a worker thread and answers ``None``; ``ready`` is emitted (on the GUI thread)
when images have arrived, so the view draws the formulas it showed as source again. A formula is typeset
once per style (text size, ink colour, device pixel ratio): changing the theme or the text size gives new
images, the old ones age out of the cache.

Inline formulas are padded above or below so that Qt's ``vertical-align: middle`` (the image's middle a
quarter of an x-height above the baseline) puts the formula's own baseline on the line's baseline.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter

from app.render.math import FORMULA_FAILED, FormulaError, FormulaImage, FormulaLookup, typeset

__all__ = ["FormulaImages", "FormulaStyle", "rasterize"]

_CACHE_BYTES = 48 * 1024 * 1024
"""At most this many bytes of formula images are kept (a few thousand formulas at usual sizes)."""

_MAX_NAMES = 50_000
"""Sources of this many shown formulas are remembered, so an image that aged out can be made again."""


@dataclass(frozen=True, slots=True)
class FormulaStyle:
    """How formulas look: the text's size and colour, and the screen's device pixel ratio.

    Attributes:
        size_px: The text size in pixels.
        color: The ink, ``#rrggbb``.
        x_height: The text font's x-height in pixels (for baseline alignment).
        device_pixel_ratio: Image pixels per shown pixel.
    """

    size_px: float
    color: str
    x_height: float
    device_pixel_ratio: float = 1.0


_Key = tuple[str, bool, FormulaStyle]


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
    """

    ready = Signal()
    _delivered = Signal(object, object)  # (key, _Rendered | FORMULA_FAILED), from the worker thread

    def __init__(
        self, style: FormulaStyle, parent: QObject | None = None, *, cache_bytes: int = _CACHE_BYTES
    ) -> None:
        super().__init__(parent)
        self.style = style
        self._cache: OrderedDict[_Key, _Rendered] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._used_bytes = 0
        self._failed: set[_Key] = set()
        self._pending: set[_Key] = set()
        self._names: OrderedDict[str, _Key] = OrderedDict()
        self._executor: ThreadPoolExecutor | None = None
        self._ready_queued = False
        #: Formulas typeset so far (tests and benchmarks count them: each formula once per style).
        self.typeset_count = 0
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    # -- the renderer's interface ---------------------------------------------------------------------------

    def lookup(self, latex: str, display: bool) -> FormulaLookup:
        """The formula's image in the current style, ``FORMULA_FAILED``, or ``None`` while it is typeset."""
        key = (latex, display, self.style)
        rendered = self._cache.get(key)
        if rendered is not None:
            self._cache.move_to_end(key)
            return rendered.shown
        if key in self._failed:
            return FORMULA_FAILED
        if key not in self._pending:
            self._pending.add(key)
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="formulas")
            future = self._executor.submit(_render, key, _name_of(key))
            future.add_done_callback(partial(self._deliver, key))
        return None

    # -- the view's interface -------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many formulas are being typeset."""
        return len(self._pending)

    def set_style(self, style: FormulaStyle) -> bool:
        """Typeset in ``style`` from now on; return whether it differs from the current one."""
        if style == self.style:
            return False
        self.style = style
        return True

    def image(self, name: str) -> QImage | None:
        """The image shown as ``gd-math:NAME``; made again (on this thread) when it aged out of the cache."""
        key = self._names.get(name)
        if key is None:
            return None
        rendered = self._cache.get(key)
        if rendered is None:
            result = _render(key, name)
            if not isinstance(result, _Rendered):
                return None
            self._store(key, result)
            rendered = result
        return rendered.image

    def source(self, name: str) -> tuple[str, bool] | None:
        """The LaTeX source of the image ``gd-math:NAME`` and whether it is a display formula."""
        key = self._names.get(name)
        return None if key is None else (key[0], key[1])

    def wait(self) -> None:
        """Block until every formula asked for is typeset, then deliver them (tests, benchmarks, export)."""
        if self._executor is not None:
            self._executor.submit(lambda: None).result()
        while self._pending:
            QCoreApplication.processEvents()

    def shutdown(self) -> None:
        """Stop the worker (formulas asked for and not typeset yet are dropped)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._pending.clear()

    # -- internals ------------------------------------------------------------------------------------------

    def _deliver(self, key: _Key, future: Future[_Rendered | object]) -> None:
        # On the worker thread: hand the result to the GUI thread. After the view is gone there is no one to
        # tell, and Qt says so with RuntimeError.
        if future.cancelled():
            return
        with contextlib.suppress(RuntimeError):
            self._delivered.emit(key, future.result())

    @Slot(object, object)
    def _on_delivered(self, key: _Key, result: object) -> None:
        if key not in self._pending:
            return  # shut down meanwhile
        self._pending.discard(key)
        self.typeset_count += 1
        name = _name_of(key)
        self._names[name] = key
        self._names.move_to_end(name)
        if len(self._names) > _MAX_NAMES:
            self._names.popitem(last=False)
        if isinstance(result, _Rendered):
            self._store(key, result)
        else:
            self._failed.add(key)
        if not self._ready_queued:
            self._ready_queued = True
            # One "ready" for all the images delivered in this pass of the event loop.
            QTimer.singleShot(0, self._emit_ready)

    @Slot()
    def _emit_ready(self) -> None:
        self._ready_queued = False
        self.ready.emit()

    def _store(self, key: _Key, rendered: _Rendered) -> None:
        self._cache[key] = rendered
        self._used_bytes += rendered.image.sizeInBytes()
        while self._used_bytes > self._cache_bytes and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._used_bytes -= old.image.sizeInBytes()


def _name_of(key: _Key) -> str:
    latex, display, style = key
    text = f"{latex}\x00{display}\x00{style}"
    return hashlib.blake2s(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def _render(key: _Key, name: str) -> _Rendered | object:
    """Typeset and draw one formula (on the worker thread); ``FORMULA_FAILED`` when it cannot be."""
    latex, display, style = key
    try:
        formula = typeset(latex, display=display, size_px=style.size_px, color=style.color)
    except FormulaError:
        return FORMULA_FAILED
    image, width, height = rasterize(formula.svg, display=display, style=style)
    if image.isNull():
        return FORMULA_FAILED
    return _Rendered(image, FormulaImage(name, width, height))


def rasterize(svg: str, *, display: bool, style: FormulaStyle) -> tuple[QImage, int, int]:
    """Draw an SVG formula (baseline at y = 0) into a transparent image; return it and its shown size.

    Inline formulas get empty space above or below, so the image's middle lies a quarter x-height above
    the formula's baseline, which is where Qt puts the middle of a ``vertical-align: middle`` image.
    """
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    box = renderer.viewBoxF()
    if not renderer.isValid() or box.isEmpty():
        return QImage(), 0, 0
    ascent, depth = max(0.0, -box.top()), max(0.0, box.bottom())
    if not display:
        lift = style.x_height / 2  # ascent - depth of an image whose middle is x_height / 4 up
        if ascent - depth >= lift:
            depth = ascent - lift
        else:
            ascent = depth + lift
    width, height = math.ceil(box.width()), math.ceil(ascent + depth)
    ratio = style.device_pixel_ratio
    image = QImage(
        max(1, math.ceil(width * ratio)),
        max(1, math.ceil(height * ratio)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(ratio, ratio)
    renderer.render(painter, QRectF(0, ascent + box.top(), box.width(), box.height()))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image, width, height
