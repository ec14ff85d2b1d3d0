"""Math benchmark: a 100 KB answer with 300 formulas streamed through the real app, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.formulas [--chars 100000] [--formulas 300] [--quick]

The gateway double (its own process, ``bench.gateway``) sends ``bench.content.math_answer``: paragraphs with
four inline formulas each, a display formula after each, and ordinary sections (code, a table, a list,
Chinese) between them; dollar amounts too. Two paces:

* realistic: about 50 tokens (200 characters) every 20 ms;
* as fast as possible: 1,000 events with no delay.

Baseline, same run: the same answer with each formula's source as plain text (same length, same
paragraphs). Printed per pace and variant: event-loop lag sampled by a 5 ms timer while streaming (targets:
p99 <= 16 ms, max <= 50 ms), per-chunk cost flat (last 10% of text events vs the first 10%, target <= 1.5),
the CPU time of the app and of its typesetting process together and, at the realistic pace, math CPU /
plain CPU (target <= 1.5); the formulas typeset (each distinct formula once), and how long after the last
text the last formula was on screen. Also the RSS of the app and of its typesetting process before any
formula, once the typesetter is warmed, and after every run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.appdriver import LagProbe, new_named_conversation, run_qasync, send_and_wait, settle, start_desk
from bench.common import cpu_seconds, machine, percentile, rss_mb, verdict
from bench.gateway import GatewayProcess

TARGET_P99_MS = 16.0
TARGET_MAX_MS = 50.0
TARGET_FLAT = 1.5
TARGET_CPU_RATIO = 1.5
PACE_CHARS = 200
PACE_INTERVAL = 0.02
FAST_CHUNKS = 1000


@dataclass
class Run:
    label: str
    lags: list[float]
    first_tenth: float
    last_tenth: float
    cpu: float
    typesetting_cpu: float
    wall: float
    typeset: int
    formulas_done_after: float

    @property
    def flat(self) -> float:
        return self.last_tenth / self.first_tenth if self.first_tenth > 0 else float("inf")


async def one_run(desk: object, label: str) -> Run:
    from app.main import GeminiDesk

    assert isinstance(desk, GeminiDesk)
    new_named_conversation(desk)
    await settle(0.3)
    transcript = desk.window.transcript
    typeset_before = transcript.formulas.images.typeset_count
    arrivals: list[float] = []
    probe = LagProbe()

    def on_text(_c: int, _m: int, _delta: str) -> None:
        arrivals.append(time.perf_counter())

    images = transcript.formulas.images

    def worker_cpu() -> float:
        pid = images.worker_pid  # started by the warm-up; the same process serves every run
        return cpu_seconds(pid) if pid is not None else 0.0

    probe.start()
    cpu0, worker0, wall0 = cpu_seconds(), worker_cpu(), time.perf_counter()
    _, _, status = await send_and_wait(desk, "Prove it, with formulas.", on_text)
    if not arrivals:
        raise RuntimeError(f"no text arrived ({status})")
    while transcript.streaming or transcript.formulas.images.pending:
        await asyncio.sleep(0.005)  # the backlog and the last formulas, drawn as a user would see them
    transcript.viewport().repaint()
    done = time.perf_counter()
    app_cpu, wall = cpu_seconds() - cpu0, done - wall0
    typesetting_cpu = worker_cpu() - worker0
    probe.stop()
    k = max(1, len(arrivals) // 10)
    return Run(
        label=label,
        lags=probe.lags,
        first_tenth=arrivals[k] - arrivals[0],
        last_tenth=arrivals[-1] - arrivals[-1 - k],
        cpu=app_cpu + typesetting_cpu,
        typesetting_cpu=typesetting_cpu,
        wall=wall,
        typeset=transcript.formulas.images.typeset_count - typeset_before,
        formulas_done_after=done - arrivals[-1],
    )


def typesetter_rss(desk: object) -> float:
    """RSS of the app's typesetting process in MB (0 when it is not running)."""
    from app.main import GeminiDesk

    assert isinstance(desk, GeminiDesk)
    pid = desk.window.transcript.formulas.images.worker_pid
    return rss_mb(pid) if pid is not None else 0.0


def report(run: Run) -> None:
    p99 = percentile(run.lags, 0.99) * 1e3
    worst = max(run.lags) * 1e3
    print(f"  {run.label}")
    print(
        f"    event-loop lag (5 ms timer): p99 {p99:.1f} ms ({verdict(p99, TARGET_P99_MS)}), "
        f"max {worst:.1f} ms ({verdict(worst, TARGET_MAX_MS)}), "
        f"median {statistics.median(run.lags) * 1e3:.1f} ms, {len(run.lags)} samples"
    )
    print(
        f"    last 10% / first 10% of chunks: {run.flat:.2f} ({verdict(run.flat, TARGET_FLAT)}; "
        f"{run.first_tenth * 1e3:.0f} ms vs {run.last_tenth * 1e3:.0f} ms)"
    )
    print(
        f"    CPU {run.cpu:.2f} s (typesetting process {run.typesetting_cpu:.2f} s) over {run.wall:.1f} s "
        f"({run.cpu / run.wall * 100:.0f}% of a core); "
        f"{run.typeset} formulas typeset; everything on screen {run.formulas_done_after * 1e3:.0f} ms "
        "after the last text"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chars", type=int, default=100_000)
    parser.add_argument("--formulas", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="a 10 KB answer with 30 formulas")
    args = parser.parse_args()
    if args.quick:
        args.chars, args.formulas = 10_000, 30
    print(f"machine: {machine()}")
    pace_chunks = max(1, args.chars // PACE_CHARS)

    async def scenario() -> None:
        with GatewayProcess() as gateway, tempfile.TemporaryDirectory() as folder:
            desk = await start_desk(Path(folder), gateway.base_url, gateway.api_key)
            try:
                await settle(1.0)
                memory = [("before any formula", rss_mb(), 0.0)]
                # Warm-up (imports markdown-it, ziamath, the fonts), not measured.
                gateway.command("math 4000 12 10 0 1 99")
                await one_run(desk, "warm-up")
                memory.append(("typesetter warmed (12 formulas)", rss_mb(), typesetter_rss(desk)))
                runs: dict[tuple[str, bool], Run] = {}
                for variant, (pace, chunks, delay) in enumerate(
                    (
                        ("realistic pace", pace_chunks, PACE_INTERVAL),
                        ("as fast as possible", min(FAST_CHUNKS, args.chars // 100), 0.0),
                    )
                ):
                    for with_math in (False, True):
                        # Each pace gets formulas of its own: none is typeset before its run.
                        gateway.command(
                            f"math {args.chars} {args.formulas} {chunks} {delay} {int(with_math)} {variant}"
                        )
                        what = "with formulas" if with_math else "formulas as plain text (baseline)"
                        label = f"{pace}, {chunks} events: {what}"
                        runs[(pace, with_math)] = await one_run(desk, label)
                images = desk.window.transcript.formulas.images
                held = images._used_bytes / 2**20
                cached = f"after every run ({len(images._cache)} images, {held:.1f} MB cached)"
                memory.append((cached, rss_mb(), typesetter_rss(desk)))
                print(f"\n{args.chars / 1e3:.0f} KB answer with {args.formulas} formulas")
                for run in runs.values():
                    report(run)
                math_cpu = runs[("realistic pace", True)].cpu
                plain_cpu = runs[("realistic pace", False)].cpu
                ratio = math_cpu / plain_cpu
                print(
                    f"  CPU at the realistic pace, formulas / plain: {ratio:.2f} "
                    f"(target <= {TARGET_CPU_RATIO}: {verdict(ratio, TARGET_CPU_RATIO)})"
                )
                for when, app_mb, worker_mb in memory:
                    print(f"  RSS {when}: app {app_mb:.1f} MB, typesetting process {worker_mb:.1f} MB")
            finally:
                await desk.shutdown()

    run_qasync(scenario)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
