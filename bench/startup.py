"""Start-up benchmark: process start to the main window's first frame, warm and cold, source and bundle.

Run: .venv/bin/python -m bench.startup [--repeat 7] [--cold 3] [--bundle dist/gemini-desk/gemini-desk]
                                       [--platform offscreen|xcb] [--quick]

The app prints a marker when its window has painted its first frame (``GEMINI_DESK_REPORT_STARTUP=1``, see
``app/qt/startup.py``) with the wall-clock time; the figure is that time minus the time just before the
process was launched, so interpreter start-up and every import count. The key comes from the environment and
the base URL points at a local gateway double, as in normal use (after the first frame the app lists the
gateway's models).

Baseline, measured in the same run: a bare ``python -c`` process importing PySide6.QtWidgets and showing an
empty QMainWindow, with the same marker.

* warm: the same data folder started again and again (files in the page cache): best and median.
* cold: ``sync; echo 3 > /proc/sys/vm/drop_caches`` before each start (needs root). Without that permission
  the bench falls back to an empty ``PYTHONPYCACHEPREFIX``, i.e. every module compiled again, like a first
  run after an install that shipped no bytecode, and says so.
* ``--platform xcb`` runs under Xvfb (started here when ``DISPLAY`` is unset and Xvfb is installed).

Target: warm <= 0.6 s for the source run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from app.demo.server import GatewayDouble
from bench.common import (
    app_command,
    bare_window_command,
    best_median,
    bytecode_env,
    machine,
    run_until_marker,
    verdict,
    write_settings,
)

TARGET_WARM = 0.6


def drop_caches() -> bool:
    """Drop the page cache (root only); False when not permitted."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


@contextlib.contextmanager
def display(platform_name: str) -> Iterator[dict[str, str]]:
    """The environment for the chosen Qt platform (starting Xvfb for xcb when there is no display)."""
    env = {"QT_QPA_PLATFORM": platform_name}
    if platform_name != "xcb" or os.environ.get("DISPLAY"):
        yield env
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("--platform xcb needs DISPLAY or Xvfb")
    number = 90 + os.getpid() % 500
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        yield {**env, "DISPLAY": f":{number}"}
    finally:
        server.terminate()
        server.wait()


def measure(
    label: str,
    command: list[str],
    env: dict[str, str],
    repeat: int,
    before: Callable[[], object] | None = None,
) -> list[float]:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(run_until_marker(command, env).stages["first-frame"])
    print(f"{label:<40} {best_median(times)}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7, help="warm starts of each kind")
    parser.add_argument("--cold", type=int, default=3, help="cold starts of each kind (0: none)")
    parser.add_argument("--bundle", type=Path, help="also start this PyInstaller bundle executable")
    parser.add_argument("--platform", default="offscreen", help="Qt platform: offscreen (default) or xcb")
    parser.add_argument("--quick", action="store_true", help="2 warm starts, no cold start (for tests)")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.cold = 2, 0
    print(f"machine: {machine()}")
    print(f"platform: {args.platform}")

    with (
        display(args.platform) as env,
        GatewayDouble(api_key="bench-key") as gateway,
        tempfile.TemporaryDirectory() as folder,
    ):
        data_dir = Path(folder) / "data"
        write_settings(data_dir, gateway.base_url)
        pycache = Path(folder) / "pycache"
        env = {**env, **bytecode_env(pycache), "GEMINI_API_KEY": "bench-key"}
        kinds: list[tuple[str, list[str]]] = [
            ("baseline (bare QMainWindow)", bare_window_command()),
            ("gemini-desk (source)", app_command(data_dir)),
        ]
        if args.bundle is not None:
            kinds.append(("gemini-desk (bundle)", app_command(data_dir, args.bundle)))
        # The first start of each compiles its modules into the still empty bytecode folder: "first run".
        first = {label: run_until_marker(command, env).stages["first-frame"] for label, command in kinds}
        for label, seconds in first.items():
            print(f"{'first run (no bytecode yet) ' + label:<40} {seconds:.3f} s")
        warm = {label: measure(f"warm {label}", command, env, args.repeat) for label, command in kinds}

        cold: dict[str, list[float]] = {}
        if args.cold:
            if drop_caches():
                print("cold: page cache dropped before each start (bytecode present, as installed)")
                cold = {
                    label: measure(f"cold {label}", command, env, args.cold, drop_caches)
                    for label, command in kinds
                }
            else:
                print("cold: no permission to drop the page cache; see the first-run figures instead")

    base = min(warm["baseline (bare QMainWindow)"])
    for label, times in warm.items():
        if label.startswith("gemini"):
            print(f"ratio warm {label} / baseline: {min(times) / base:.1f}x (best of each)")
    source = min(warm["gemini-desk (source)"])
    print(f"warm source start-up {source:.3f} s: target <= {TARGET_WARM} s {verdict(source, TARGET_WARM)}")
    if "gemini-desk (bundle)" in warm:
        bundle = min(warm["gemini-desk (bundle)"])
        print(
            f"warm bundle start-up {bundle:.3f} s: target <= {TARGET_WARM} s {verdict(bundle, TARGET_WARM)}"
        )
    if cold:
        cold_base = min(cold["baseline (bare QMainWindow)"])
        for label, times in cold.items():
            if label.startswith("gemini"):
                print(f"ratio cold {label} / baseline: {min(times) / cold_base:.1f}x (best of each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
