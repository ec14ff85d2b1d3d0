"""First-use benchmark: how long the window stops answering after start-up and on the first Send.

Run: .venv/bin/python -m bench.first_use [--runs 5] [--against TREE] [--answer 100000:1000] [--quick]

Each run is a fresh app process (``--child``), as a user's first minute is: the first request's imports, the
CA bundle and the render stack are loaded once per process. In it, a 5 ms precise timer samples the event
loop's lag (`bench.appdriver.LagProbe`):

1. after start-up: from the first frame for 2 s, while the key is found and the model list and key quota
   are asked (the first requests of the run), and the render warm-up runs in the background;
2. the first Send: the click itself (typing is done; wall time and the GUI thread's CPU time), then the
   first answer (``--answer`` CHARS:CHUNKS of Markdown, as the first size of `bench.stream`) until it is
   painted.

Printed per tree: the worst lag after start-up, the click, and the first answer's lag p99 / max, as the
median of the runs (and their spread). ``--against TREE`` runs another checkout's app the same way (its own
folder first on ``PYTHONPATH``, this venv), alternating the order every round (A B B A ...), and prints this
tree's figures over that one's: run it against main to compare a change on a loaded machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, bytecode_env, machine, percentile, write_settings
from bench.gateway import GatewayProcess

AFTER_START = 2.0  # seconds sampled after the first frame
FIGURES = ("start_max", "click", "click_cpu", "answer_p99", "answer_max")


def child(data_dir: Path, base_url: str, api_key: str) -> int:
    """One run, inside the app's process; prints one ``RESULT {json}`` line (milliseconds)."""
    import app.qt.startup as startup
    from bench.appdriver import LagProbe, new_named_conversation, run_qasync, signal_future, start_desk

    probe = LagProbe()
    mark = startup.StartupReport.mark

    def start_probe_at_first_frame(report: startup.StartupReport, stage: str) -> None:
        if stage == "first-frame":
            probe.start()
        mark(report, stage)

    startup.StartupReport.mark = start_probe_at_first_frame  # type: ignore[method-assign]
    result: dict[str, float] = {}

    async def scenario() -> None:
        desk = await start_desk(data_dir, base_url, api_key)
        try:
            await asyncio.sleep(AFTER_START)
            probe.stop()
            result["start_max"] = max(probe.lags, default=0.0) * 1000
            new_named_conversation(desk)
            await asyncio.sleep(0.2)  # the opened conversation paints
            finished = signal_future(desk.chat.reply_finished)
            desk.window.composer.set_text("Write a long answer.")
            probe.start()
            began, began_cpu = time.perf_counter(), time.thread_time()
            desk.window.composer.send_button.click()
            result["click"] = (time.perf_counter() - began) * 1000
            # The GUI thread's own CPU time: what the click costs without the waits a loaded machine adds.
            result["click_cpu"] = (time.thread_time() - began_cpu) * 1000
            await asyncio.wait_for(finished, 300)
            while desk.window.transcript.streaming:  # the transcript may still draw a backlog
                await asyncio.sleep(0.005)
            desk.window.transcript.viewport().repaint()
            probe.stop()
            result["answer_p99"] = percentile(probe.lags, 0.99) * 1000
            result["answer_max"] = max(probe.lags, default=0.0) * 1000
        finally:
            await desk.shutdown()

    run_qasync(scenario)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def run_tree(tree: Path, data_dir: Path, gateway: GatewayProcess, env: dict[str, str]) -> dict[str, float]:
    """One fresh app process of ``tree`` on a new ``data_dir``; its figures."""
    write_settings(data_dir, gateway.base_url)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.first_use",
            "--child",
            str(data_dir),
            gateway.base_url,
            gateway.api_key,
        ],
        cwd=tree,
        env={**env, "PYTHONPATH": os.pathsep.join(dict.fromkeys((str(tree), str(ROOT))))},
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise RuntimeError(f"{tree}: no result\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(lines[0].removeprefix("RESULT "))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout to run the same way, interleaved")
    parser.add_argument("--answer", default="100000:1000", help="the first answer, CHARS:CHUNKS")
    parser.add_argument("--quick", action="store_true", help="one run, a 20 KB answer")
    parser.add_argument("--child", nargs=3, metavar=("DIR", "URL", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, url, key = args.child
        return child(Path(folder), url, key)
    if args.quick:
        args.runs, args.answer = 1, "20000:200"
    print(f"machine: {machine()}")
    trees = [ROOT, *([args.against.resolve()] if args.against else [])]
    runs: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    chars, chunks = (int(x) for x in args.answer.split(":"))
    with tempfile.TemporaryDirectory() as folder, GatewayProcess() as gateway:
        root = Path(folder)
        gateway.command(f"markdown {chars} {chunks}")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **bytecode_env(root / "pyc")}
        for tree in trees:  # fills the bytecode cache; not counted
            run_tree(tree, root / f"warm-{len(runs[tree])}-{tree.name}", gateway, env)
        order = list(trees)
        for n in range(args.runs):
            for tree in order:
                runs[tree].append(run_tree(tree, root / f"run-{n}-{tree.name}", gateway, env))
            order.reverse()
    medians = {
        tree: {name: statistics.median(r[name] for r in runs[tree]) for name in FIGURES} for tree in trees
    }
    for tree in trees:
        spread = {
            name: (min(r[name] for r in runs[tree]), max(r[name] for r in runs[tree])) for name in FIGURES
        }
        print(f"\n{tree} ({len(runs[tree])} runs), median (min-max), ms:")
        print(f"  worst lag after the first frame:         {_fig(medians[tree], spread, 'start_max')}")
        print(f"  the first Send's click:                  {_fig(medians[tree], spread, 'click')}")
        print(f"  the click's CPU time (GUI thread):       {_fig(medians[tree], spread, 'click_cpu')}")
        print(f"  the first answer's lag p99:              {_fig(medians[tree], spread, 'answer_p99')}")
        print(f"  the first answer's lag max:              {_fig(medians[tree], spread, 'answer_max')}")
    if args.against:
        this, other = medians[ROOT], medians[trees[1]]
        ratios = ", ".join(f"{name} {this[name] / other[name]:.2f}" for name in FIGURES if other[name] > 0)
        print(f"\nthis tree / {trees[1].name}, medians: {ratios}")
    return 0


def _fig(medians: dict[str, float], spread: dict[str, tuple[float, float]], name: str) -> str:
    low, high = spread[name]
    return f"{medians[name]:7.1f} ({low:.1f}-{high:.1f})"


if __name__ == "__main__":
    raise SystemExit(main())
