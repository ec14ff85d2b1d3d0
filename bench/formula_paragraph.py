"""One paragraph of many inline formulas streamed into the transcript, offscreen: the worst GUI stalls.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.formula_paragraph
         [--formulas 3000] [--variant 0] [--quick]

A ``TranscriptView`` alone (900x700) gets a paragraph of ``--formulas`` inline formulas in 400-character
chunks every 10 ms, with the real typesetting process, until every formula is an image. A 5 ms precise timer
samples the event-loop lag. Printed: the worst lags, the p99, the time until everything was on screen, and
how often the whole message was rendered from Markdown again (once at the end, before the parts of a long
paragraph were joined instead). Compare trees by running it from each, interleaved (A B B A).
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bench.appdriver import LagProbe
from bench.common import machine, percentile


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formulas", type=int, default=3000)
    parser.add_argument("--variant", type=int, default=0, help="other formulas (none cached)")
    parser.add_argument("--quick", action="store_true", help="60 formulas")
    args = parser.parse_args()
    if args.quick:
        args.formulas = 60
    app = QApplication.instance() or QApplication([])
    from app.qt.widgets.transcript_html import TranscriptHtml
    from app.qt.widgets.transcript_view import TranscriptView

    whole_renders = 0
    body = TranscriptHtml.body

    def counting(html: TranscriptHtml, message: object) -> str:
        nonlocal whole_renders
        whole_renders += 1
        return body(html, message)  # type: ignore[arg-type]

    TranscriptHtml.body = counting  # type: ignore[method-assign,assignment]
    terms = " ".join(f"$a_{{{n}}}+b_{{{args.variant}}}$" for n in range(args.formulas))
    text = f"Consider {terms} and done.\n\nAfter.\n"
    chunks = iter([text[i : i + 400] for i in range(0, len(text), 400)])
    view = TranscriptView()
    view.resize(900, 700)
    view.show()
    view.begin_stream(1, "bench")
    probe = LagProbe()
    start = time.perf_counter()

    def feed() -> None:
        chunk = next(chunks, None)
        if chunk is None:
            feeder.stop()
            view.end_stream()
        else:
            view.append_stream(chunk)

    def check() -> None:
        if not view.streaming and not view.formulas.images.pending and time.perf_counter() - start > 1:
            app.quit()

    feeder = QTimer()
    feeder.setInterval(10)
    feeder.timeout.connect(feed)
    done = QTimer()
    done.setInterval(50)
    done.timeout.connect(check)
    probe.start()
    feeder.start()
    done.start()
    app.exec()
    probe.stop()
    total = time.perf_counter() - start
    worst = sorted(probe.lags, reverse=True)[:5]
    print(f"machine: {machine()}")
    print(f"{args.formulas} formulas in one paragraph ({len(text)} chars), on screen after {total:.1f} s")
    print(
        f"  event-loop lag (5 ms timer): worst {', '.join(f'{lag * 1e3:.0f}' for lag in worst)} ms, "
        f"p99 {percentile(probe.lags, 0.99) * 1e3:.1f} ms; whole-message renders: {whole_renders}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
