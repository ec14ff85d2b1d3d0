"""Memory benchmark: idle RSS, RSS with 10,000 conversations, after heavy use, and a leak check.

Run: .venv/bin/python -m bench.memory [--long 20] [--long-messages 2000] [--streams 100] [--quick]

Printed (RSS = resident set size from /proc, in MB):

1. baseline: a bare PySide6 process showing an empty QMainWindow (same run);
2. idle, empty store: the app started on a new data folder, 3 s after its first frame, when it has read the
   key and fetched the model list (target <= 120 MB); the peak RSS during those 3 s is printed too;
3. idle with 10,000 stored conversations (target <= 150 MB);
4. heavy use, in a fresh app process: after streaming a 1 MB Markdown answer in 10,000 chunks and opening
   ``--long`` conversations of ``--long-messages`` messages each, one after the other (target <= 300 MB);
5. leak check in that process: ``--streams`` more replies (20 KB each, each in a new conversation, opened and
   painted). After 10 warm-up streams, RSS, the number of objects the garbage collector tracks and the
   Python heap (tracemalloc) are taken, and again after the last; the growth per stream is printed
   (target: no growth, i.e. no steady increase; a few hundred KB of allocator noise is expected).

The gateway runs in its own process (`bench.gateway`); stages 4-5 run the app in a child process
(``--child``) so the figures are that process's alone.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.common import (
    app_command,
    bare_window_command,
    bytecode_env,
    machine,
    rss_mb,
    run_until_marker,
    verdict,
    write_settings,
)
from bench.gateway import GatewayProcess
from bench.stores import add_long_conversations, add_short_conversations, open_database

TARGET_IDLE = 120.0
TARGET_10K = 150.0
TARGET_HEAVY = 300.0
SETTLE = 3.0  # seconds after the first frame: the key is read and the model list fetched meanwhile


def child(data_dir: Path, base_url: str, api_key: str, long_ids: list[int], streams: int) -> int:
    """Stages 4-5, inside the app's process; prints one ``RESULT {json}`` line."""
    from bench.appdriver import new_named_conversation, run_qasync, send_and_wait, settle, start_desk

    result: dict[str, float] = {}

    async def scenario() -> None:
        desk = await start_desk(data_dir, base_url, api_key)
        try:
            await settle(1.0)
            result["idle"] = rss_mb()
            new_named_conversation(desk, "one megabyte")
            await send_and_wait(desk, "A 1 MB answer, please.")
            desk.window.transcript.flush()
            await settle(0.5)
            result["after_stream"] = rss_mb()
            for conversation_id in long_ids:
                desk.window_controller.open_conversation(conversation_id)
                await settle(0.1)
            await settle(0.5)
            result["after_long"] = rss_mb()
            print("SWITCH", flush=True)
            sys.stdin.readline()  # the parent switched the gateway to 20 KB answers
            warmup = min(10, streams)
            for n in range(streams):
                if n == warmup:
                    gc.collect()
                    tracemalloc.start()
                    result["leak_rss_0"] = rss_mb()
                    result["leak_objects_0"] = len(gc.get_objects())
                    result["leak_heap_0"] = tracemalloc.get_traced_memory()[0] / 1e6
                new_named_conversation(desk, f"leak check {n}")
                await send_and_wait(desk, f"Answer number {n}")
                desk.window.transcript.flush()
                await settle(0.02)
            gc.collect()
            result["leak_rss_1"] = rss_mb()
            result["leak_objects_1"] = len(gc.get_objects())
            result["leak_heap_1"] = (
                tracemalloc.get_traced_memory()[0] / 1e6 if tracemalloc.is_tracing() else 0
            )
            result["leak_streams"] = streams - warmup
            tracemalloc.stop()
        finally:
            await desk.shutdown()

    run_qasync(scenario)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--long", type=int, default=20, help="long conversations opened in stage 4")
    parser.add_argument("--long-messages", type=int, default=2000)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--answer", type=int, default=1_000_000, help="characters of the big answer")
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--child", nargs=4, metavar=("DIR", "URL", "KEY", "IDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, url, key, ids = args.child
        return child(Path(folder), url, key, [int(i) for i in ids.split(",") if i], args.streams)
    if args.quick:
        args.long, args.long_messages, args.conversations = 2, 200, 1000
        args.answer, args.streams = 100_000, 12
    print(f"machine: {machine()}")

    with tempfile.TemporaryDirectory() as folder, GatewayProcess() as gateway:
        root = Path(folder)
        env = {
            "QT_QPA_PLATFORM": "offscreen",
            "GEMINI_API_KEY": gateway.api_key,
            **bytecode_env(root / "pyc"),
        }
        run_until_marker(bare_window_command(), env)  # warm the bytecode cache
        bare = run_until_marker(bare_window_command(), env, settle=SETTLE).rss_mb
        print(f"1. baseline bare QMainWindow process:        {bare:6.1f} MB")

        empty = root / "empty"
        write_settings(empty, gateway.base_url)
        run_until_marker(app_command(empty), env)
        idle_run = run_until_marker(app_command(empty), env, settle=SETTLE)
        idle = idle_run.rss_mb
        print(
            f"2. idle, empty store:                        {idle:6.1f} MB  "
            f"({idle - bare:+.1f} MB over baseline; peak {idle_run.rss_peak_mb:.1f} MB)"
            f"  target <= {TARGET_IDLE:g} MB {verdict(idle, TARGET_IDLE)}"
        )

        many = root / "many"
        write_settings(many, gateway.base_url)
        db = open_database(many)
        began = time.perf_counter()
        add_short_conversations(db, args.conversations)
        db.close()
        built = time.perf_counter() - began
        loaded_run = run_until_marker(app_command(many), env, settle=SETTLE)
        loaded = loaded_run.rss_mb
        print(
            f"3. idle, {args.conversations:,} conversations:              {loaded:6.1f} MB  "
            f"(peak {loaded_run.rss_peak_mb:.1f} MB; store built in {built:.1f} s)  "
            f"target <= {TARGET_10K:g} MB {verdict(loaded, TARGET_10K)}"
        )

        heavy = root / "heavy"
        write_settings(heavy, gateway.base_url)
        db = open_database(heavy)
        began = time.perf_counter()
        ids = add_long_conversations(db, args.long, args.long_messages, first_id=1)
        db.close()
        print(
            f"   ({args.long} conversations of {args.long_messages} messages built in "
            f"{time.perf_counter() - began:.1f} s)"
        )
        gateway.command(f"markdown {args.answer} {max(1, args.answer // 100)}")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.memory",
                "--streams",
                str(args.streams),
                "--child",
                str(heavy),
                gateway.base_url,
                gateway.api_key,
                ",".join(map(str, ids)),
            ],
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdin is not None and process.stdout is not None
        result: dict[str, float] = {}
        for line in process.stdout:
            if line.startswith("SWITCH"):
                gateway.command("markdown 20000 200")
                process.stdin.write("go\n")
                process.stdin.flush()
            elif line.startswith("RESULT "):
                result = json.loads(line.removeprefix("RESULT "))
        if process.wait() != 0 or not result:
            print("the heavy-use child process failed")
            return 1

    after = result["after_long"]
    print(
        f"4. heavy use (child process): idle {result['idle']:.1f} MB, "
        f"after a {args.answer / 1e6:.1f} MB answer "
        f"{result['after_stream']:.1f} MB, after opening {args.long} long conversations {after:.1f} MB"
        f"  target <= {TARGET_HEAVY:g} MB {verdict(after, TARGET_HEAVY)}"
    )
    n = result["leak_streams"]
    rss_growth = result["leak_rss_1"] - result["leak_rss_0"]
    objects = result["leak_objects_1"] - result["leak_objects_0"]
    heap = result["leak_heap_1"] - result["leak_heap_0"]
    print(
        f"5. leak check over {n:.0f} streams after warm-up: RSS {result['leak_rss_0']:.1f} -> "
        f"{result['leak_rss_1']:.1f} MB ({rss_growth / n * 1e3:+.0f} KB per stream), gc objects "
        f"{result['leak_objects_0']:.0f} -> {result['leak_objects_1']:.0f} ({objects / n:+.1f} per stream), "
        f"Python heap {heap:+.2f} MB ({heap / n * 1e3:+.1f} KB per stream)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
