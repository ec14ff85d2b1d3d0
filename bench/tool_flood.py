"""Benchmark: what a tool server over HTTP that answers with a huge result makes the app hold.

A hand-written streamable HTTP tool server on 127.0.0.1 (``tests/helpers/flood_mcp.py``) answers a call with
a result of ``--mb`` megabytes, JSON without a declared length. A child process of ``--tree`` (default: this
checkout; give an older source tree for the A/B) starts an ``McpHost``, calls the tool once and prints how
the call ended; printed are the bytes the server managed to send, the outcome and the child's peak RSS
(``wait4``). With the bound (``app/core/tools/http_limit.py``) reading stops at 32 MiB whatever ``--mb`` is.

Run: ``python bench/tool_flood.py [--mb 256] [--tree PATH] [--quick]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from tests.helpers.flood_mcp import flood_server  # noqa: E402

MB = 1024 * 1024
CHILD = """
import asyncio, sys
from pathlib import Path
from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig

host = McpHost(Path(sys.argv[2]))
try:
    state = asyncio.run(host.start(McpServerConfig("flood", transport="http", url=sys.argv[1])))
    outcome = asyncio.run(host.call("flood", "flood", {}, timeout=600))
    print(outcome.outcome, len(outcome.result.text()) if outcome.result else 0)
finally:
    host.shutdown()
"""


def measure(tree: Path, flood: int) -> str:
    """One call of the host of ``tree`` to a server flooding ``flood`` bytes; the figures as one line."""
    with flood_server(flood) as server, tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, server.url, folder],
            cwd=tree,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert child.stdout is not None
        said = child.stdout.read().split()
        child.stdout.close()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        sent = server.sent
    outcome = said[0] if said else "?"
    return (
        f"flood {flood / MB:5.0f} MB  server sent {sent / MB:7.1f} MB  outcome {outcome:7}  "
        f"peak RSS {usage.ru_maxrss / 1024:6.0f} MB  {seconds:5.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mb", type=int, default=256, help="megabytes of result the server sends")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree whose host is measured")
    parser.add_argument("--quick", action="store_true", help="8 MB (proves the script runs)")
    args = parser.parse_args()
    flood = (8 if args.quick else args.mb) * MB
    print(machine())
    print(f"host of {args.tree}")
    print(measure(args.tree.resolve(), flood), flush=True)


if __name__ == "__main__":
    main()
