"""The committed icons are what ``scripts/icons`` renders from the SVG, in valid .ico and .icns containers."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def _image(data: bytes) -> QImage:
    image = QImage()
    assert image.loadFromData(data, "PNG"), "not a PNG"
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _max_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    worst = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            worst = max(worst, *(abs(((pa >> s) & 0xFF) - ((pb >> s) & 0xFF)) for s in (0, 8, 16, 24)))
    return worst


def _ico_entries(data: bytes) -> dict[int, bytes]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    entries = {}
    for index in range(count):
        width, height, _colors, _zero, planes, bits, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert width == height and planes == 1 and bits == 32
        entries[width or 256] = data[offset : offset + size]
    return entries


def _icns_entries(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    entries, offset = [], 8
    while offset < len(data):
        code, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        entries.append((code, data[offset + 8 : offset + length]))
        offset += length
    assert offset == len(data)
    return entries


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(ROOT / "scripts" / "icons"), "--out", str(out)], check=True, env=env)
    return out


def test_committed_pngs_match_a_fresh_render_of_the_svg(regenerated: Path) -> None:
    committed = sorted((ICONS / "png").glob("gemini-desk-*.png")) + sorted(
        (ROOT / "app" / "qt" / "icons").glob("*.png")
    )
    assert len(committed) == 8 + 6
    for path in committed:
        fresh = regenerated / path.relative_to(ROOT)
        a, b = _image(path.read_bytes()), _image(fresh.read_bytes())
        side = int(path.stem.rsplit("-", 1)[1])
        assert (a.width(), a.height()) == (side, side)
        # A pixel walk in Python, so only the small sizes: any change to the drawing shows there. The
        # tolerance absorbs antialiasing differences between Qt versions; a new design differs far more.
        if side <= 64:
            assert _max_difference(a, b) <= 32, f"{path.name} is stale: run scripts/icons"


def test_every_interface_icon_is_rendered_in_every_size(regenerated: Path) -> None:
    sources = sorted((ICONS / "ui").glob("*.svg"))
    assert sources
    runtime = ROOT / "app" / "qt" / "icons" / "ui"
    for source in sources:
        for side in (16, 24, 32):  # 16 logical pixels at 100%, 150% and 200%
            path = runtime / f"{source.stem}-{side}.png"
            assert path.is_file(), f"{path.name} is missing: run scripts/icons"
            a, b = _image(path.read_bytes()), _image((regenerated / path.relative_to(ROOT)).read_bytes())
            assert (a.width(), a.height()) == (side, side)
            assert _max_difference(a, b) <= 32, f"{path.name} is stale: run scripts/icons"


def test_ico_holds_every_windows_size_as_a_decodable_png() -> None:
    entries = _ico_entries((ICONS / "gemini-desk.ico").read_bytes())
    assert sorted(entries) == [16, 24, 32, 48, 64, 128, 256]
    for side, data in entries.items():
        image = _image(data)
        assert (image.width(), image.height()) == (side, side)


def test_icns_holds_every_macos_size_including_retina() -> None:
    expected = {
        b"icp4": 16, b"icp5": 32, b"ic11": 32, b"icp6": 64, b"ic12": 64, b"ic07": 128,
        b"ic08": 256, b"ic13": 256, b"ic09": 512, b"ic14": 512, b"ic10": 1024,
    }  # fmt: skip
    entries = dict(_icns_entries((ICONS / "gemini-desk.icns").read_bytes()))
    assert set(entries) == set(expected)
    for code, data in entries.items():
        image = _image(data)
        assert (image.width(), image.height()) == (expected[code], expected[code]), code


def test_the_icon_is_opaque_in_the_middle_and_transparent_in_the_corners() -> None:
    image = _image((ICONS / "png" / "gemini-desk-256.png").read_bytes())
    assert image.pixelColor(128, 128).alpha() == 255
    assert image.pixelColor(1, 1).alpha() == 0


def test_the_running_app_gets_the_icon_in_several_sizes(qapp: object) -> None:
    from app.qt.icons import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {16, 32, 48, 256}


def test_the_style_sheet_marks_are_rendered_in_both_colours_and_every_scale(regenerated: Path) -> None:
    runtime = ROOT / "app" / "qt" / "icons" / "indicator"
    for mark in ("check", "arrow-down", "arrow-up"):
        for colour in ("white", "black"):
            for suffix, side in (("", 10), ("@2x", 20), ("@3x", 30)):
                path = runtime / f"{mark}-{colour}{suffix}.png"
                assert path.is_file(), f"{path.name} is missing: run scripts/icons"
                a, b = _image(path.read_bytes()), _image((regenerated / path.relative_to(ROOT)).read_bytes())
                assert (a.width(), a.height()) == (side, side)
                assert _max_difference(a, b) <= 32, f"{path.name} is stale: run scripts/icons"
