"""A stand-in for the PyInstaller bundle, for the package builders' tests (the real one takes a minute).

It has the real bundle's shape: ``gemini-desk`` answering ``--version``, and one ELF program in
``_internal`` that links the C library, so a package's dependencies must be worked out from it.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def make_standin_bundle(folder: Path, version: str) -> Path:
    """Create ``folder/gemini-desk`` whose launcher prints ``gemini-desk VERSION``; return it."""
    bundle = folder / "gemini-desk"
    (bundle / "_internal").mkdir(parents=True)
    launcher = bundle / "gemini-desk"
    launcher.write_text(f'#!/bin/sh\necho "gemini-desk {version}"\n')
    launcher.chmod(0o755)
    true = shutil.which("true")
    assert true is not None
    shutil.copy(Path(true).resolve(), bundle / "_internal" / "helper")
    return bundle
