"""A stdio MCP server's process group: finding it after the spawn, and ending what is left of it."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

__all__ = ["child_sessions", "end_group"]


def child_sessions() -> set[int]:
    """This process's children that lead a session of their own (how the SDK starts stdio servers).

    Linux only (``/proc``); elsewhere empty, and stopping relies on the SDK alone (it signals the group when
    the server does not exit by itself; a Job Object holds the tree on Windows).
    """
    found: set[int] = set()
    for children in Path("/proc/self/task").glob("*/children"):
        try:
            pids = [int(p) for p in children.read_text().split()]
        except (OSError, ValueError):
            continue
        for pid in pids:
            with contextlib.suppress(OSError):
                if os.getsid(pid) == pid:
                    found.add(pid)
    return found


def end_group(pgid: int, *, at_once: bool = False) -> None:
    """Signal what is left of a stopped server's process group (children it started and left behind).

    SIGTERM first, then SIGKILL; ``at_once`` sends SIGKILL alone (the stop budget is spent).
    """
    if not hasattr(os, "killpg"):
        return
    for sig in (signal.SIGKILL,) if at_once else (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except (ProcessLookupError, PermissionError):
                return
            time.sleep(0.02)
