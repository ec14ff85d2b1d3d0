"""Running a test in a UI language: the app's compiled translations, installed and removed again."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.qt.translations import CATALOG, TRANSLATIONS_DIR, install_language

ROOT = Path(__file__).resolve().parents[2]


def compile_translations() -> None:
    """Build ``app/translations/*.qm`` (build output of ``scripts/translations compile``) if it is stale."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "translations"), "compile"],
        env={**os.environ, "GEMINI_DESK_VENV": sys.prefix},  # the tools of the environment running the tests
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (TRANSLATIONS_DIR / f"{CATALOG}_zh_CN.qm").exists()


@contextmanager
def ui_language(language: str) -> Iterator[None]:
    """Speak ``language`` ("en", "zh_CN") inside the block: Qt's texts and the core's alike."""
    compile_translations()
    installed = install_language(language)
    try:
        yield
    finally:
        installed.remove()
