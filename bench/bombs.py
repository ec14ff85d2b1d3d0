"""Benchmark: hostile answers against the transcript's renderer (review finding R3), beside ordinary text.

Each case is shown in a fresh ``TranscriptView`` (offscreen, 900×700, shown) by the tree given, in a child
process (``PYTHONPATH`` = the tree), and timed as CPU seconds of that process:

* fences: 20,000 lines of three backticks (10,000 empty code blocks), shown as a finished answer;
* emphasis: ``"*a " * 50000`` (150 KB of unclosed emphasis markers), shown as a finished answer; also the
  renderer alone (Markdown to HTML, no Qt);
* open fence: ``--kb`` KB of code after an opening fence that never closes, streamed 1,000 characters a frame
  (append, flush, repaint), and the worst frame;
* ordinary: prose of the same length as each, the same way: the baseline of the same run.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bombs [--tree PATH ...] [--rounds 3] [--kb 100] [--quick]``;
with several trees the rounds alternate between them (A B B A ...); the best and median of each figure are
printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE_LINE = "value = compute(1, 'text')  # a line of code\n"


def _ordinary(length: int) -> str:
    paragraph = "An ordinary sentence of an answer, with a few words in it. " * 8 + "\n\n"
    return (paragraph * (length // len(paragraph) + 1))[:length]


def _child(kb: int, scale: int) -> dict[str, float]:
    """Runs in the child: every figure of one round, in CPU seconds."""
    from PySide6.QtWidgets import QApplication

    from app.qt.widgets.transcript_view import TranscriptView
    from app.render.markdown import MarkdownRenderer

    app = QApplication.instance() or QApplication(sys.argv)

    def view() -> TranscriptView:
        shown = TranscriptView()
        shown.resize(900, 700)
        shown.show()
        shown.add_message(0, "model", "Warm up: `code`, *emphasis*.\n\n```python\nx = 1\n```\n")
        QApplication.processEvents()
        return shown

    def show(text: str) -> float:
        shown = view()
        started = time.process_time()
        shown.add_message(1, "model", text)
        QApplication.processEvents()
        shown.viewport().repaint()
        cost = time.process_time() - started
        shown.close()
        return cost

    def stream(text: str) -> tuple[float, float]:
        shown = view()
        shown.begin_stream(1, "bench")
        worst = 0.0
        started = time.process_time()
        for at in range(0, len(text), 1000):
            frame = time.process_time()
            shown.append_stream(text[at : at + 1000])
            shown.flush()
            shown.viewport().repaint()
            worst = max(worst, time.process_time() - frame)
        shown.end_stream()
        QApplication.processEvents()
        cost = time.process_time() - started
        shown.close()
        return cost, worst

    def render(text: str) -> float:
        renderer = MarkdownRenderer()
        renderer.render("warm *up*")
        started = time.process_time()
        renderer.render(text)
        return time.process_time() - started

    fences = "```\n" * (20_000 // scale)
    emphasis = "*a " * (50_000 // scale)
    code = "```python\n" + CODE_LINE * (kb * 1000 // len(CODE_LINE))
    figures = {
        "fences": show(fences),
        "fences_ordinary": show(_ordinary(len(fences))),
        "emphasis": show(emphasis),
        "emphasis_ordinary": show(_ordinary(len(emphasis))),
        "emphasis_renderer": render(emphasis),
        "emphasis_renderer_ordinary": render(_ordinary(len(emphasis))),
    }
    figures["open_fence"], figures["open_fence_worst"] = stream(code)
    figures["open_fence_ordinary"], figures["open_fence_ordinary_worst"] = stream(_ordinary(len(code)))
    del app
    return figures


def _round(tree: Path, kb: int, scale: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--kb", str(kb), "--scale", str(scale)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tree", action="append", type=Path, help="a source tree (repeat for A/B)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kb", type=int, default=100, help="the open fence's size")
    parser.add_argument("--quick", action="store_true", help="one round, a tenth of the sizes")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.kb, args.scale)))
        return
    if args.quick:
        args.rounds, args.kb, args.scale = 1, 10, 10
    trees: list[Path] = args.tree or [ROOT]
    results: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    for number in range(args.rounds):
        order = trees if number % 2 == 0 else trees[::-1]
        for tree in order:
            results[tree].append(_round(tree, args.kb, args.scale))
            print(f"round {number + 1}: {tree} done", file=sys.stderr, flush=True)
    for tree, rounds in results.items():
        print(f"{tree} ({len(rounds)} rounds; CPU seconds, best / median)")
        for key in rounds[0]:
            values = [r[key] for r in rounds]
            print(f"  {key:28} {min(values):8.3f} / {statistics.median(values):8.3f}")


if __name__ == "__main__":
    main()
