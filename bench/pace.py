"""Realistic-pace benchmark: a 50-token chunk every 20 ms for 2 minutes, through the real app, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.pace [--seconds 120] [--quick]

A fast model streams about 50 tokens (about 200 characters of Markdown with code, tables and Chinese) every
20 ms, about 10,000 characters a second. The app's process CPU time (user + system, from /proc) over the
stream, divided by the wall time, is its load on one core (target <= 10%). Baselines in the same run: the same
app process idle for 5 s, and the CPU time ``StreamDecoder`` + ``Accumulator`` need for the same bytes.
``--lag`` also samples the event-loop lag (5 ms timer) while streaming. ``--quick`` streams for 10 s (idle
baseline 1 s).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from app.demo.framing import plan_stream
from bench.appdriver import LagProbe, new_named_conversation, run_qasync, send_and_wait, settle, start_desk
from bench.common import cpu_seconds, machine, percentile, verdict
from bench.gateway import GatewayProcess, pace_scenario
from bench.stream import decoder_seconds

CHARS = 200  # about 50 tokens
INTERVAL = 0.02
TARGET = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--quick", action="store_true", help="stream for 10 s")
    parser.add_argument("--lag", action="store_true", help="also sample the event-loop lag (costs CPU)")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 10.0
    print(f"machine: {machine()}")
    plan = plan_stream(
        pace_scenario(CHARS, INTERVAL, args.seconds), "google-sse", model="gemini-2.5-flash", response_id="r"
    )
    writes = [w for w in plan.writes if isinstance(w, bytes)]
    decode = decoder_seconds(writes, accumulate=True, repeat=3)

    async def scenario() -> None:
        with GatewayProcess() as gateway, tempfile.TemporaryDirectory() as folder:
            desk = await start_desk(Path(folder), gateway.base_url, gateway.api_key)
            try:
                await settle(1.0)
                idle_cpu, idle_wall = cpu_seconds(), time.perf_counter()
                await asyncio.sleep(1.0 if args.quick else 5.0)
                idle = (cpu_seconds() - idle_cpu) / (time.perf_counter() - idle_wall) * 100
                gateway.command(f"pace {CHARS} {INTERVAL} {args.seconds}")
                new_named_conversation(desk)
                await settle(0.2)
                probe = LagProbe()
                if args.lag:
                    probe.start()  # the probe's own wake-ups cost CPU too: off unless asked for
                cpu0, wall0 = cpu_seconds(), time.perf_counter()
                await send_and_wait(desk, "Explain, at length.", timeout=args.seconds * 3 + 60)
                desk.window.transcript.flush()
                cpu = cpu_seconds() - cpu0
                wall = time.perf_counter() - wall0
                probe.stop()
            finally:
                await desk.shutdown()
        load = cpu / wall * 100
        print(
            f"streamed {len(writes)} chunks of ~{CHARS} characters every {INTERVAL * 1e3:.0f} ms "
            f"over {wall:.1f} s"
        )
        print(f"baseline: the idle app uses {idle:.1f}% of one core")
        print(
            f"baseline: decoder + accumulator for the same bytes: {decode * 1e3:.0f} ms of CPU "
            f"({decode / wall * 100:.2f}% of the stream's duration)"
        )
        print(
            f"app CPU while streaming: {cpu:.2f} s in {wall:.1f} s = {load:.1f}% of one core "
            f"(target <= {TARGET:g}%: {verdict(load, TARGET)}); {load / max(idle, 0.1):.0f}x idle"
        )
        if probe.lags:
            print(
                f"event-loop lag while streaming: p99 {percentile(probe.lags, 0.99) * 1e3:.1f} ms, "
                f"max {max(probe.lags) * 1e3:.1f} ms"
            )

    run_qasync(scenario)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
