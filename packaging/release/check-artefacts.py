#!/usr/bin/env python3
"""Check a release folder: only artefact files, none empty, no folders.

    python packaging/release/check-artefacts.py DIR

The workflow uploads DIR's artefacts and the publish job checksums them: a folder there (the AppDir once
was) breaks both. tests/packaging/test_workflow.py checks that the workflow uploads only such names.
"""

from __future__ import annotations

import sys
from pathlib import Path

ARTEFACT_SUFFIXES = (".deb", ".rpm", ".AppImage", ".tar.gz", ".exe", ".zip", ".dmg")


def is_artefact_name(name: str) -> bool:
    """True for a release file name: a package, an installer or an archive."""
    return name.endswith(ARTEFACT_SUFFIXES)


def problems(folder: Path) -> list[str]:
    """What is wrong with the release folder ``folder`` (empty: nothing)."""
    if not folder.is_dir():
        return [f"{folder} is not a folder"]
    entries = sorted(folder.iterdir())
    found = [] if entries else [f"{folder} is empty"]
    for entry in entries:
        if entry.is_symlink() or not entry.is_file():
            found.append(f"{entry.name} is not a regular file")
        elif not is_artefact_name(entry.name):
            found.append(f"{entry.name} is not a release artefact")
        elif entry.stat().st_size == 0:
            found.append(f"{entry.name} is empty")
    return found


def main(argv: list[str]) -> int:
    """Print the problems and return the exit status."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = problems(Path(argv[0]))
    for line in found:
        print(f"check-artefacts: {line}", file=sys.stderr)
    if not found:
        print(f"check-artefacts: {len(list(Path(argv[0]).iterdir()))} artefacts in {argv[0]}, all files")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
