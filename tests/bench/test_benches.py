"""Every benchmark still runs: each one with ``--quick`` (small sizes) completes and prints its figures.

These are not timing assertions: shared CI machines are far too noisy for that. They prove the scripts work
against the current app, so the figures in ``bench/RESULTS.md`` can be measured again at any time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

# bench module, extra arguments, patterns every one of which must appear in its output
CASES: list[tuple[str, list[str], list[str]]] = [
    (
        "startup",
        ["--quick"],
        [
            r"warm baseline \(bare QMainWindow\)\s+best \d+\.\d+ s, median \d+\.\d+ s",
            r"warm gemini-desk \(source\)\s+best \d+\.\d+ s",
            r"ratio warm gemini-desk \(source\) / baseline: \d+\.\dx",
        ],
    ),
    (
        "stream",
        ["--quick"],
        [
            r"baseline decoder only:\s+\d+\.\d ms",
            r"stream to screen:\s+\d+\.\d ms",
            r"ratio to decoder-only:\s+\d+\.\d x",
            r"last 10% / first 10% of chunks:\s+\d+\.\d\d",
            r"event-loop lag \(5 ms timer\):\s+p99 \d+\.\d ms .*max \d+\.\d ms",
            r"\(1000 text events arrived, complete\)",
        ],
    ),
    (
        "pace",
        ["--quick"],
        [
            r"baseline: the idle app uses \d+\.\d% of one core",
            r"app CPU while streaming: .* = \d+\.\d% of one core",
        ],
    ),
    (
        "memory",
        ["--quick"],
        [
            r"1\. baseline bare QMainWindow process:\s+\d+\.\d MB",
            r"2\. idle, empty store:\s+\d+\.\d MB",
            r"3\. idle, 1,000 conversations:\s+\d+\.\d MB",
            r"4\. heavy use .* after opening 2 long conversations \d+\.\d MB",
            r"5\. leak check over 2 streams after warm-up: RSS",
        ],
    ),
    (
        "load",
        ["--quick"],
        [
            r"start-up, big store\s+first frame \d+\.\d+ s, last conversation open \d+\.\d+ s, "
            r"RSS \d+ MB \(peak",
            r"open the 2000-message conversation: first \d+ ms",
            r"Chinese 1 char '猫' \(LIKE\)\s+\d+\.\d ms\s+\d+\.\d ms",
            r"slowest search \d+\.\d ms",
        ],
    ),
    ("history", ["--quick"], [r"paged:\s+open \d+ ms", r"scroll up 60 wheel steps: median \d+\.\d ms"]),
    ("versions", ["--quick"], [r"last answer:\s+median \d+\.\d ms", r"upper fork:\s+median \d+\.\d ms"]),
    ("render", ["--quick"], [r"incremental frame: first 10% \d+\.\d+ ms, last 10% \d+\.\d+ ms"]),
    ("store", ["--quick"], [r"list first page \(50\)\s+\d+\.\d+ ms", r"search Chinese 1 char"]),
    ("conversation_list", ["--quick"], [r"lazy model: build \+ first paint \(1000 rows\)\s+\d+\.\d ms"]),
    ("decoder", ["--events", "500", "--repeat", "1"], [r"\d"]),
    (
        "formula_paragraph",
        ["--quick"],
        [
            r"60 formulas in one paragraph \(\d+ chars\), on screen after \d+\.\d s",
            r"event-loop lag \(5 ms timer\): worst [\d, ]+ ms, p99 \d+\.\d ms; whole-message renders: 0",
        ],
    ),
    (
        "formulas",
        ["--quick"],
        [
            r"realistic pace, \d+ events: with formulas",
            r"event-loop lag \(5 ms timer\): p99 \d+\.\d ms .*max \d+\.\d ms",
            r"last 10% / first 10% of chunks: \d+\.\d\d",
            r"[1-9]\d* formulas typeset",
            r"CPU at the realistic pace, formulas / plain: \d+\.\d\d",
            r"RSS typesetter warmed \(12 formulas\): app \d+\.\d MB, typesetting process [1-9]\d*\.\d MB",
        ],
    ),
    (
        "endless",
        ["--quick"],
        [r"line  sent +\d+\.\d MB  exit 6  peak RSS", r"text  sent +\d+\.\d MB  exit \d"],
    ),
    (
        "tool_flood",
        ["--quick"],
        [r"flood +8 MB  server sent +8\.0 MB  outcome ok +peak RSS +\d+ MB"],
    ),
    (
        "first_use",
        ["--quick"],
        [
            r"worst lag after the first frame:\s+\d+\.\d",
            r"the first Send's click:\s+\d+\.\d",
            r"the click's CPU time \(GUI thread\):\s+\d+\.\d",
            r"the first answer's lag p99:\s+\d+\.\d",
        ],
    ),
    ("bombs", ["--quick"], [r"fences\s+\d+\.\d+ /\s+\d+\.\d+", r"open_fence_worst\s+\d+\.\d+"]),
    (
        "untrusted_images",
        ["--quick"],
        [r"untrusted\s+1 SVG parts as image/png: RSS \d+ MB -> \d+ MB \(0 decoded\)"],
    ),
]


@pytest.mark.parametrize(("name", "extra", "patterns"), CASES, ids=[case[0] for case in CASES])
def test_bench_runs_quickly_and_prints_its_figures(name: str, extra: list[str], patterns: list[str]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GEMINI_DESK_REPORT_STARTUP", None)
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    for pattern in patterns:
        assert re.search(pattern, done.stdout), f"{pattern!r} not in the output:\n{done.stdout[-4000:]}"
