"""Long-history benchmark: opening and switching between two 2,000-message conversations.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.history [--messages 2000] [--switches 4] [--quick]

Each conversation is about 5 MB of realistic Markdown (English and Chinese prose, lists, tables, code
blocks). Prints, for the paged transcript (only the most recent page rendered) and for the old behaviour
(every message rendered, measured in the same run as the baseline):

* open: ``set_messages`` of a conversation never shown before, until the viewport has painted;
* switch: ``set_messages`` back and forth between the two conversations once both were shown (cache warm),
  until painted; the mean over ``--switches`` switches;
* for the paged view, the cost of prepending one earlier page.

* scrolling: wheel steps up from the end of the long conversation, each repainted; earlier pages are
  prepended on the way (time per step: median, p95, max).

Target: open and switch <= 150 ms; scrolling smooth (steps well under a 16 ms frame).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from app.qt.widgets.transcript_view import TranscriptView
from app.render.history_pages import MessageRow
from bench.content import make_conversation

TARGET_MS = 150


class PaintWatch(QObject):
    """Counts paint events of a widget (its viewport), to wait for the first paint after a change."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def until_painted(app: QApplication, watch: PaintWatch, action: Callable[[], object]) -> float:
    """Seconds from the start of ``action`` until the viewport has painted afterwards."""
    app.processEvents()
    watch.painted = False
    start = time.perf_counter()
    action()
    deadline = start + 120
    while not watch.painted and time.perf_counter() < deadline:
        app.processEvents()
    return time.perf_counter() - start


def measure(
    app: QApplication, view: TranscriptView, a: list[MessageRow], b: list[MessageRow], switches: int
) -> tuple[float, float, list[float]]:
    """(open, mean warm switch, switch times) for one view."""
    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    view.resize(900, 700)
    view.show()
    # Warm up Qt, the Markdown parser and the Pygments lexers on a conversation outside the measurement.
    until_painted(app, watch, lambda: view.set_messages(make_conversation(900_000, 6, 99)))
    opened = until_painted(app, watch, lambda: view.set_messages(a))
    until_painted(app, watch, lambda: view.set_messages(b))  # B is shown once: now both caches are warm
    times = []
    for n in range(switches):
        target = a if n % 2 == 0 else b
        times.append(until_painted(app, watch, partial(view.set_messages, target)))
    view.viewport().removeEventFilter(watch)
    return opened, statistics.mean(times), times


def measure_scroll(app: QApplication, view: TranscriptView, steps: int) -> tuple[list[float], int]:
    """Scroll up from the end by one wheel step (3 lines) at a time, repainting each time, as a reader does.

    Reaching the top prepends the previous page (``load_earlier``, from the event loop), which is part of the
    step that triggers it. Returns the seconds of each step and how many pages were prepended.
    """
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    app.processEvents()
    step = 3 * view.fontMetrics().lineSpacing()
    pages = view.earlier_count
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        bar.setValue(max(bar.minimum(), bar.value() - step))
        app.processEvents()  # the top check and the earlier page run from the event loop
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
    return times, pages - view.earlier_count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--switches", type=int, default=4)
    parser.add_argument("--baseline-switches", type=int, default=2)
    parser.add_argument("--scroll-steps", type=int, default=400)
    parser.add_argument("--quick", action="store_true", help="200 messages, fewer switches and steps")
    args = parser.parse_args()
    if args.quick:
        args.messages, args.switches, args.baseline_switches, args.scroll_steps = 200, 2, 1, 60
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    a = make_conversation(1, args.messages, seed=1)
    b = make_conversation(100_000, args.messages, seed=2)
    size_mb = sum(len(row[2].encode()) for row in a) / 1e6
    print(f"two conversations of {args.messages} messages, {size_mb:.1f} MB of Markdown (UTF-8) each")

    paged = TranscriptView()
    opened, switched, times = measure(app, paged, a, b, args.switches)
    shown = len(paged.document().toPlainText())
    print(
        f"paged:    open {opened * 1e3:.0f} ms, switch (warm) {switched * 1e3:.0f} ms "
        f"[{', '.join(f'{t * 1e3:.0f}' for t in times)}]; target <= {TARGET_MS} ms; "
        f"{args.messages - paged.earlier_count} messages rendered, {shown / 1e3:.0f} K characters"
    )
    earlier = []
    for _ in range(3):
        start = time.perf_counter()
        paged.load_earlier()
        earlier.append(time.perf_counter() - start)
    print(f"paged:    load one earlier page {statistics.mean(earlier) * 1e3:.0f} ms (mean of 3, cold)")
    paged.set_messages(a)
    steps, prepended = measure_scroll(app, paged, args.scroll_steps)
    ordered = sorted(steps)
    print(
        f"paged:    scroll up {len(steps)} wheel steps: median {statistics.median(steps) * 1e3:.1f} ms, "
        f"p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1e3:.1f} ms, max {max(steps) * 1e3:.1f} ms per step "
        f"(incl. repaint; {prepended} messages prepended on the way); smooth = every step < 16 ms: "
        f"{sum(t < 0.016 for t in steps) / len(steps) * 100:.1f}% of steps"
    )
    paged.close()

    # The old behaviour: every row rendered. A cache big enough for both conversations keeps its switch warm.
    full = TranscriptView(page_size=10**9, page_chars=10**12, cache_size=4 * args.messages)
    base_open, base_switch, base_times = measure(app, full, a, b, args.baseline_switches)
    print(
        f"baseline: open {base_open * 1e3:.0f} ms, switch (warm) {base_switch * 1e3:.0f} ms "
        f"[{', '.join(f'{t * 1e3:.0f}' for t in base_times)}]; all {args.messages} messages rendered"
    )
    full.close()
    print(
        f"paged is {base_open / opened:.0f}x faster to open, {base_switch / switched:.0f}x faster to switch"
    )
    ok = opened * 1e3 <= TARGET_MS and switched * 1e3 <= TARGET_MS
    print("target met" if ok else "target NOT met")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
