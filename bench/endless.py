"""Benchmark: what a gateway that never stops sending makes ``gemini-desk-cli`` hold (review finding R1).

Two gateways on 127.0.0.1 (``tests/helpers/endless_gateway.py``) send up to ``--mb`` megabytes each:

* line: ``data: {"candidates":[…{"text":"AAAA…`` and the line never ends;
* text: well-formed SSE events of 60,000 characters of text each, with no finish reason.

For each, the command line client (``python -m app.cli``) of ``--tree`` (default: this checkout; give main's
source tree for the A/B) asks once; printed are the bytes the gateway managed to send, the exit status, the
child's peak RSS (``wait4``), the bytes it wrote (``wchar`` of ``/proc/PID/io``, read before the child is
reaped: every byte passed to a write call, the database and its WAL as well as the answer printed to
stdout) and the size of the database afterwards. With the limits (``app/core/gemini/
limits.py``) the line stops at 48 MiB and the answer at 96 MiB of data, whatever ``--mb`` is.

Run: ``python bench/endless.py [--mb 300] [--tree PATH] [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import database_path, machine, write_settings  # noqa: E402
from tests.helpers.endless_gateway import ENDLESS_LINE, EndlessBody  # noqa: E402

MB = 1024 * 1024
TEXT_EVENT = (
    b"data: "
    + json.dumps({"candidates": [{"content": {"parts": [{"text": "A" * 60_000}]}}]}).encode()
    + b"\n\n"
)
CASES = {
    "line": (ENDLESS_LINE, b"A" * 65536),
    "text": (b"", TEXT_EVENT),
}


def _written_bytes(pid: int) -> int:
    """Bytes the process passed to write calls (``wchar``), or -1 where ``/proc`` does not tell."""
    try:
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("wchar:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def measure(tree: Path, case: str, cap: int) -> str:
    """One ask of the client of ``tree`` against the ``case`` gateway; returns the figures as one line."""
    head, piece = CASES[case]
    server = EndlessBody(head, piece, cap=cap)
    try:
        with tempfile.TemporaryDirectory() as folder:
            data_dir = Path(folder)
            write_settings(data_dir, server.url)
            env = {**os.environ, "GEMINI_API_KEY": "sk-bench", "PYTHONPATH": str(tree)}
            started = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), "hi"],
                cwd=tree,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped: /proc still there
            written = _written_bytes(child.pid)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - started
            database = database_path(data_dir)
            stored = database.stat().st_size / MB if database.exists() else 0.0
            peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    finally:
        server.close()
    return (
        f"{case:5} sent {server.sent / MB:7.1f} MB  exit {child.returncode}  peak RSS {peak:7.0f} MB  "
        f"written {written / MB:7.1f} MB  database {stored:6.1f} MB  {seconds:5.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mb", type=int, default=300, help="megabytes each gateway sends at most")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree whose client is measured")
    parser.add_argument("--quick", action="store_true", help="8 MB each (proves the script runs)")
    args = parser.parse_args()
    cap = (8 if args.quick else args.mb) * MB
    print(machine())
    print(f"client of {args.tree}, gateways send up to {cap / MB:.0f} MB")
    for case in CASES:
        print(measure(args.tree.resolve(), case, cap), flush=True)


if __name__ == "__main__":
    main()
