"""Shared helpers of the benchmarks: the machine, /proc readings, statistics, app processes with markers.

Everything here reads Linux's /proc; the benchmarks are meant for the Linux CI machine and developer boxes.
"""

from __future__ import annotations

import math
import os
import platform
import queue
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]
STARTUP_MARKER = "gemini-desk startup:"
REPORT_ENV = "GEMINI_DESK_REPORT_STARTUP"


def machine() -> str:
    """One line describing where the figures were measured."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from PySide6 import QtCore

        qt = f"PySide6 {getattr(QtCore, '__version__', '?')}, Qt {QtCore.qVersion()}"
    except ImportError:
        qt = "no Qt"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {qt}, "
        f"load average {load}, {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size of a process in MB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time a process has used so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


def best_median(values: Sequence[float], scale: float = 1.0, unit: str = "s", digits: int = 3) -> str:
    """``best X, median Y (n=N)`` for a list of measurements."""
    best, median = min(values) * scale, statistics.median(values) * scale
    return f"best {best:.{digits}f} {unit}, median {median:.{digits}f} {unit} (n={len(values)})"


def verdict(value: float, target: float) -> str:
    """``met`` or ``MISSED by N%``."""
    return "met" if value <= target else f"MISSED by {(value / target - 1) * 100:.0f}%"


@dataclass
class MarkedRun:
    """A process started by `run_until_marker`: when each start-up stage was reported, and its memory."""

    stages: dict[str, float] = field(default_factory=dict)
    """Seconds from just before the process was launched to each reported stage (the launcher's clock)."""
    ages: dict[str, float] = field(default_factory=dict)
    """Each stage's time as the process measured it (since the kernel started it)."""
    rss_mb: float = math.nan
    rss_peak_mb: float = math.nan
    output: list[str] = field(default_factory=list)


def run_until_marker(
    command: Sequence[str],
    env: Mapping[str, str],
    stage: str = "first-frame",
    *,
    timeout: float = 60.0,
    settle: float = 0.0,
    cwd: Path = ROOT,
) -> MarkedRun:
    """Start ``command``, wait for the ``stage`` marker on stderr, optionally wait ``settle`` seconds more,
    read its RSS, then kill it.

    Raises:
        RuntimeError: the marker did not come within ``timeout`` (the process output is in the message).
    """
    run = MarkedRun()
    full_env = {**os.environ, **env, REPORT_ENV: "1"}
    launched = time.time()
    process = subprocess.Popen(
        list(command),
        env=full_env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    # A reader thread, not select(): a buffered reader may already hold the next lines select() can't see.
    reader = threading.Thread(target=_pump, args=(process.stderr, lines), daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    try:
        while stage not in run.stages:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(
                    f"no {stage!r} marker within {timeout} s: {''.join(run.output)[-2000:]}"
                ) from None
            if not line:
                raise RuntimeError(f"process exited before {stage!r}: {''.join(run.output)[-2000:]}")
            run.output.append(line)
            if line.startswith(STARTUP_MARKER):
                # "gemini-desk startup: STAGE AGE s since process start (wall WALL)"
                words = line.split()
                name, age, wall = words[2], float(words[3]), float(words[-1].rstrip(")"))
                run.stages[name] = wall - launched
                run.ages[name] = age
        # RSS is sampled through the settle time: the last sample is the settled figure, the largest the peak
        # (start-up work after the first frame, such as reading the key and the model list, comes and goes).
        end = time.monotonic() + settle
        run.rss_peak_mb = rss_mb(process.pid)
        while time.monotonic() < end:
            time.sleep(min(0.05, max(0.0, end - time.monotonic())))
            run.rss_peak_mb = max(run.rss_peak_mb, rss_mb(process.pid))
        run.rss_mb = rss_mb(process.pid)
    finally:
        process.kill()
        process.wait()
        reader.join(timeout=5)
        process.stderr.close()
    return run


def _pump(stream: TextIO, lines: queue.Queue[str]) -> None:
    """Copy a process's output lines into ``lines``; an empty string marks the end."""
    for line in stream:
        lines.put(line)
    lines.put("")


BARE_WINDOW = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1180, 780)


def report():
    print(f"gemini-desk startup: first-frame nan s since process start (wall {time.time():.6f})",
          file=sys.stderr, flush=True)


class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False


watch = Watch()
window.installEventFilter(watch)
window.show()
app.exec()
"""
"""A bare PySide6 process showing an empty ``QMainWindow``: the baseline of start-up and memory."""


def bare_window_command() -> list[str]:
    """The command of the bare-window baseline process."""
    return [sys.executable, "-c", BARE_WINDOW]


def app_command(data_dir: Path, bundle: Path | None = None, extra: Sequence[str] = ()) -> list[str]:
    """The command starting Gemini Desk on ``data_dir``: from source, or the PyInstaller bundle."""
    if bundle is not None:
        return [str(bundle), "--data-dir", str(data_dir), *extra]
    return [sys.executable, "-m", "app", "--data-dir", str(data_dir), *extra]


def write_settings(data_dir: Path, base_url: str | None = None) -> None:
    """Settings for a benchmark run: English UI, the gateway double's URL when given."""
    import json

    path = data_dir / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    # No update check: a benchmark measures the app, and contacts nothing but the gateway double.
    values: dict[str, object] = {"language": "en", "default_model": "gemini-2.5-flash"}
    values["check_updates"] = False
    if base_url is not None:
        values["base_url"] = base_url
    path.write_text(json.dumps(values), encoding="utf-8")


def database_path(data_dir: Path) -> Path:
    """Where the app keeps its database under ``--data-dir``."""
    return data_dir / "gemini-desk.sqlite3"


def bytecode_env(folder: Path) -> dict[str, str]:
    """Let child processes keep compiled bytecode in ``folder`` (as an installed app has its ``.pyc``).

    Some environments set ``PYTHONDONTWRITEBYTECODE``; then every start would compile every module from
    source, which no installed app does. An empty value switches it off; the prefix keeps the repository
    clean.
    """
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(folder)}
