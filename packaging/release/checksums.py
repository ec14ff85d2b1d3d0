#!/usr/bin/env python3
"""Write SHA256SUMS for a release folder's artefact files (and nothing else).

    python packaging/release/checksums.py DIR      -> DIR/SHA256SUMS, in `sha256sum -c` format

Refuses a folder that check-artefacts.py refuses (a directory among the artefacts, an empty file).
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("check_artefacts", Path(__file__).with_name("check-artefacts.py"))
assert _spec is not None and _spec.loader is not None
check_artefacts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_artefacts)


def sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(folder: Path) -> Path:
    """Write ``folder/SHA256SUMS`` over the artefacts, sorted by name; return it.

    Raises:
        SystemExit: The folder holds something other than artefact files.
    """
    (folder / "SHA256SUMS").unlink(missing_ok=True)
    found = check_artefacts.problems(folder)
    if found:
        raise SystemExit("checksums: " + "; ".join(found))
    lines = [f"{sha256(path)}  {path.name}\n" for path in sorted(folder.iterdir())]
    target = folder / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(write_checksums(Path(sys.argv[1])))
