"""Transcript rendering benchmark: per-frame cost of a long streamed reply, against the naive approach.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.render [--kb 200] [--chunks 2000]

Prints the mean time to apply one frame (append + flush + synchronous repaint) over the first and the last
10% of the stream and their ratio (target <= 1.5), then the same windows for the naive baseline
(``setMarkdown`` of the whole message per update), measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from PySide6.QtWidgets import QApplication, QTextBrowser

from app.qt.widgets.transcript_view import TranscriptView
from app.render.highlight import CodeHighlighter
from bench.content import SECTION, markdown_answer


def make_answer(kb: int) -> str:
    return markdown_answer(kb * 1000)


def chunks_of(text: str, count: int) -> list[str]:
    size = max(1, len(text) // count)
    return [text[i : i + size] for i in range(0, len(text), size)]


def window_means(times: list[float]) -> tuple[float, float]:
    k = max(1, len(times) // 10)
    return statistics.mean(times[:k]), statistics.mean(times[-k:])


def bench_incremental(chunks: list[str]) -> list[float]:
    view = TranscriptView()
    view.resize(900, 700)
    view.show()
    # Warm up (Pygments lexer import, first layout) so the first window measures frames, not start-up.
    view.add_message(0, "model", SECTION.format(n=0))
    view.clear_transcript()
    view.begin_stream(1, "gemini-bench")
    times = []
    for chunk in chunks:
        start = time.perf_counter()
        view.append_stream(chunk)
        view.flush()
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
    view.end_stream()
    view.close()
    return times


def bench_naive(chunks: list[str], samples: int) -> tuple[float, float]:
    """setMarkdown of the whole message per update, sampled in the first and last 10% windows."""
    view = QTextBrowser()
    view.resize(900, 700)
    view.show()
    k = max(1, len(chunks) // 10)
    picks = sorted(
        {*range(0, k, max(1, k // samples)), *range(len(chunks) - k, len(chunks), max(1, k // samples))}
    )
    prefix_len = [0]
    for chunk in chunks:
        prefix_len.append(prefix_len[-1] + len(chunk))
    text = "".join(chunks)
    first: list[float] = []
    last: list[float] = []
    for i in picks:
        start = time.perf_counter()
        view.document().setMarkdown(text[: prefix_len[i + 1]])
        view.viewport().repaint()
        (first if i < k else last).append(time.perf_counter() - start)
    view.close()
    return statistics.mean(first), statistics.mean(last)


def bench_history(messages: int) -> tuple[float, float]:
    view = TranscriptView()
    view.resize(900, 700)
    rows = [
        (i, "user" if i % 2 == 0 else "model", SECTION.format(n=i), "gemini-bench", "complete", None)
        for i in range(messages)
    ]
    start = time.perf_counter()
    view.set_messages(rows)
    cold = time.perf_counter() - start
    view.set_messages(rows[:1])
    start = time.perf_counter()
    view.set_messages(rows)
    warm = time.perf_counter() - start
    return cold, warm


def bench_big_code_block(lines: int) -> float:
    code = "".join(f"value_{i} = compute({i}, 'text')  # note {i}\n" for i in range(lines))
    highlighter = CodeHighlighter("default", text_color="#000000", mono_family="monospace")
    start = time.perf_counter()
    highlighter.highlight(code, "python")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--naive-samples", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="a 20 KB answer in 200 chunks")
    args = parser.parse_args()
    if args.quick:
        args.kb, args.chunks, args.naive_samples = 20, 200, 3
    app = QApplication.instance() or QApplication(sys.argv)
    answer = make_answer(args.kb)
    chunks = chunks_of(answer, args.chunks)
    print(f"answer: {len(answer) / 1000:.0f} KB in {len(chunks)} chunks of {len(chunks[0])} chars")

    times = bench_incremental(chunks)
    first, last = window_means(times)
    print(
        f"incremental frame: first 10% {first * 1e3:.2f} ms, last 10% {last * 1e3:.2f} ms, "
        f"ratio {last / first:.2f} (target <= 1.5); max {max(times) * 1e3:.1f} ms, "
        f"total {sum(times):.2f} s"
    )

    naive_first, naive_last = bench_naive(chunks, args.naive_samples)
    print(
        f"naive setMarkdown: first 10% {naive_first * 1e3:.2f} ms, last 10% {naive_last * 1e3:.2f} ms, "
        f"ratio {naive_last / naive_first:.1f}"
    )
    print(f"last-10% frame: incremental is {naive_last / last:.0f}x faster than naive")

    cold, warm = bench_history(200)
    print(
        f"set_messages(200 messages, most recent page rendered): cold {cold * 1e3:.0f} ms, "
        f"cached {warm * 1e3:.0f} ms (see bench.history for long conversations)"
    )
    print(f"highlight 5,000-line python block: {bench_big_code_block(5000) * 1e3:.0f} ms")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
