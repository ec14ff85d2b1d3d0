#!/usr/bin/env python3
"""Check a built PyInstaller bundle for what must and must not be in it; exit 1 with the reasons.

    python packaging/check-bundle.py [dist/gemini-desk]

Must not: test code of any kind (``pytest``/``_pytest``, which anyio's pytest plugin drags in, hypothesis,
any ``tests``/``conftest`` module of a library, the project's own ``tests``), QtWebEngine, or the GTK theme.
Must: both programs, ``gemini-desk`` and ``gemini-desk-cli``. Must (Linux): the xcb-util libraries Qt's xcb
plugin needs that are not on every system (see the spec's ``BUNDLED_XCB``). Run with the Python that built
the bundle (it reads the archive with PyInstaller).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PyInstaller.archive.readers import CArchiveReader

TEST_ROOTS = {"pytest", "_pytest", "hypothesis", "pytestqt", "pluggy", "iniconfig", "tests", "conftest"}
TEST_PARTS = {"tests", "conftest"}  # plus test_* modules; pygments.lexers.testing is a lexer, not a test
LINUX_XCB = ("cursor.so.0", "icccm.so.4", "image.so.0", "keysyms.so.1", "render-util.so.0", "util.so.1")
FORBIDDEN_FILES = ("QtWebEngine", "libqgtk3", "_pytest")
PROGRAMS = ("gemini-desk", "gemini-desk-cli")  # the app and the command-line client (docs/CLI.md)


def modules(executable: Path) -> list[str]:
    """Every Python module inside the bundle's executable (its PYZ archive)."""
    archive = CArchiveReader(str(executable))
    return list(archive.open_embedded_archive("PYZ.pyz").toc)


def executable(bundle: Path, name: str) -> Path | None:
    """The bundle's program ``name`` (``name.exe`` on Windows), if it is there."""
    return next((p for p in (bundle / name, bundle / f"{name}.exe") if p.exists()), None)


def problems(bundle: Path) -> list[str]:
    """What is wrong with ``bundle`` (empty: nothing)."""
    found = []
    for program in PROGRAMS:
        path = executable(bundle, program)
        if path is None:
            found.append(f"missing: the {program} executable")
            continue
        for name in modules(path):
            parts = name.split(".")
            if parts[0] in TEST_ROOTS or TEST_PARTS & set(parts[1:]) or parts[-1].startswith("test_"):
                found.append(f"test code in {program}: {name}")
    files = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    found += [f"left-out file in the bundle: {f}" for f in files if any(bad in f for bad in FORBIDDEN_FILES)]
    if sys.platform.startswith("linux"):
        names = {Path(f).name for f in files}
        found += [f"missing: libxcb-{lib}" for lib in LINUX_XCB if f"libxcb-{lib}" not in names]
    return found


def main(argv: list[str]) -> int:
    """Print the verdict and return the exit status."""
    bundle = Path(argv[0] if argv else "dist/gemini-desk")
    found = problems(bundle)
    for line in found:
        print(f"check-bundle: {line}", file=sys.stderr)
    if found:
        return 1
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(
        f"check-bundle: {bundle} ok: {len(modules(executable(bundle, 'gemini-desk') or bundle))} modules, "
        f"gemini-desk-cli beside it, no test code, {size / 1e6:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
