"""The first window (nothing saved yet) is sized to the screen it opens on: small, large and scaled screens.

Each screen is a real app process on an offscreen screen of that size (Qt reads the screen once per process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.demo.server import GatewayDouble
from app.render.design import FIRST_WINDOW_MAX
from tests.helpers.screens import offscreen_platform

ROOT = Path(__file__).resolve().parents[2]


def _sizes_on(
    tmp_path: Path, gateway: GatewayDouble, width: int, height: int, scale: float
) -> dict[str, Any]:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "GEMINI_DESK_DATA_DIR"}
    env.update(
        QT_QPA_PLATFORM=offscreen_platform(tmp_path, width, height, scale),
        GEMINI_API_KEY="test-key",
        PYTHONUNBUFFERED="1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.process.screen_runner", str(data_dir), gateway.base_url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("SIZES ")]
    assert result.returncode == 0 and lines, result.stdout[-2000:] + result.stderr[-2000:]
    sizes: dict[str, Any] = json.loads(lines[0].removeprefix("SIZES "))
    return sizes


def _inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def _centred(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return abs((x - ox) - (ox + ow - x - w)) <= 1 and abs((y - oy) - (oy + oh - y - h)) <= 1


def test_on_an_800x600_screen_the_first_window_and_its_dialogs_fit_it(
    tmp_path: Path, gateway: GatewayDouble
) -> None:
    sizes = _sizes_on(tmp_path, gateway, 800, 600, 1.0)
    available = sizes["available"]
    assert available[2:] == [800, 600]
    # The old fixed 1180×780 ran off this screen; now it fits, as wide as the window's minimum allows.
    assert _inside(sizes["frame"], available) and sizes["window"][2] >= 720
    assert not sizes["sidebar"]  # too narrow for it: folded away, as at any width this small
    assert _inside(sizes["settings"], available)
    assert sizes["settings"][2] >= 720  # still as roomy as the screen allows (its usual size is 880×620)
    width, height = sizes["parameters"]
    assert width <= 800 and height <= 600


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        # A 1440p monitor: the window stops at its cap, more would be empty margin around the reading column.
        ((2560, 1440, 1.0), FIRST_WINDOW_MAX),
        # A 4K monitor at 200 % is 1920×1080 to the app: capped in width, 85 % of the height.
        ((3840, 2160, 2.0), (1440, 918)),
        # A 1080p laptop at 150 % is 1280×720: 85 % of each.
        ((1920, 1080, 1.5), (1088, 612)),
    ],
)
def test_on_a_large_or_scaled_screen_the_first_window_takes_most_of_it_centred(
    tmp_path: Path, gateway: GatewayDouble, screen: tuple[int, int, float], expected: tuple[int, int]
) -> None:
    sizes = _sizes_on(tmp_path, gateway, *screen)
    available = sizes["available"]
    assert available[2:] == [round(screen[0] / screen[2]), round(screen[1] / screen[2])]
    assert tuple(sizes["window"][2:]) == expected
    assert _centred(sizes["frame"], available) and sizes["sidebar"]
    assert _inside(sizes["settings"], available)
    # The conversation's parameters open at their usual 900×680, within the window.
    assert sizes["parameters"] == [min(900, expected[0]), min(680, expected[1])]
