"""What the app-runner scripts share: printing protocol lines, settings for a gateway, and the qasync loop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication


def say(line: str) -> None:
    """Print one protocol line for the parent test, at once (the test reads lines as they come)."""
    print(line, flush=True)


def write_settings(data_dir: Path, base_url: str) -> None:
    """Point the app in ``data_dir`` at ``base_url`` (English UI, a fixed default model); keep other keys."""
    path = data_dir / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    saved.update({"base_url": base_url, "language": "en", "default_model": "gemini-2.5-flash"})
    path.write_text(json.dumps(saved), encoding="utf-8")


def run_on_qt_loop(scenario: Coroutine[Any, Any, int]) -> int:
    """Run ``scenario`` on a qasync loop over a QApplication, like the app's ``main``; return its status."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return int(loop.run_until_complete(scenario))
    finally:
        loop.close()
