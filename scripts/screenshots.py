"""Drive the app on the demo gateway through its main flows and save a PNG of the window after each.

Run through ``scripts/screenshots`` (it starts a virtual X server). Each flow starts a fresh app on a fresh
data folder, so the shots do not depend on one another.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Flow = Callable[[Any], Awaitable[None]]
#: The shots taken at 200% scaling are named from this.
SCALED = "scaled-200"


async def _settle(seconds: float = 0.6) -> None:
    await asyncio.sleep(seconds)


async def _until(test: Callable[[], bool], seconds: float) -> None:
    """Wait until ``test()`` holds, or ``seconds`` have passed (a loaded machine is slow)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while not test() and loop.time() < end:
        await asyncio.sleep(0.02)


async def _send(desk: Any, text: str, wait: bool = True) -> None:
    from app.qt.async_support import signal_future

    finished = signal_future(desk.chat.reply_finished)
    desk.window.composer.set_text(text)
    desk.window.composer.send_button.click()
    if wait:
        await asyncio.wait_for(finished, 30)
        desk.window.transcript.flush()
        await _settle()


async def empty(desk: Any) -> None:
    """The new, empty conversation."""
    await _settle(1.0)


async def rich(desk: Any) -> None:
    """A rich answer: a table, code, formulas."""
    await _send(desk, "Show me a Python function that adds two numbers")
    await _send(desk, "/math")
    # Formulas are typeset by a process of their own, started by the first one: shown as source meanwhile.
    await _until(lambda: "\\sqrt{\\pi}" not in desk.window.transcript.document().toPlainText(), 20)
    desk.window.transcript.verticalScrollBar().setValue(0)
    await _settle()


async def streaming(desk: Any) -> None:
    """An answer still streaming."""
    await _send(desk, "/long", wait=False)
    # The demo streams /long in about a second: taken halfway through, at its fourth section.
    await _until(lambda: "Section 4" in desk.window.transcript.document().toPlainText(), 20)


async def thinking(desk: Any) -> None:
    """An answer with its thoughts, the pointer over it: its action buttons show."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    await _send(desk, "/think How many primes are below 20?")
    view = desk.window.transcript
    view.verticalScrollBar().setValue(0)
    await _settle()
    found = view.document().find("After thinking it over")
    QTest.mouseMove(
        view.viewport(), QPoint(view.viewport().width() // 2, view.cursorRect(found).center().y())
    )
    await _settle()


async def error(desk: Any) -> None:
    """A failed answer with its error box."""
    await _send(desk, "/error 429")


async def settings(desk: Any) -> None:
    """The Settings dialog."""
    from PySide6.QtWidgets import QDialog

    desk.window.settings_button.click()
    await _settle(1.0)
    dialogs = [w for w in desk.window.findChildren(QDialog) if w.isVisible()]
    if dialogs:
        _save(dialogs[0], _SHOT_NAME)
        dialogs[0].reject()


async def search_none(desk: Any) -> None:
    """A search that finds nothing."""
    await _send(desk, "hello")
    desk.window.sidebar.search.setText("zebra crossing")
    await _settle(1.0)


SHOTS: list[tuple[str, Flow, dict[str, Any], tuple[int, int]]] = [
    ("empty", empty, {}, (1280, 800)),
    ("rich-answer", rich, {}, (1600, 1000)),
    ("streaming", streaming, {}, (1280, 800)),
    ("thinking", thinking, {}, (1280, 800)),
    ("error", error, {}, (1280, 800)),
    ("settings", settings, {}, (1280, 800)),
    ("search-no-results", search_none, {}, (1280, 800)),
    ("chinese", rich, {"language": "zh_CN"}, (1280, 800)),
    ("dark", rich, {"theme": "dark"}, (1600, 1000)),
    ("dark-empty", empty, {"theme": "dark"}, (1280, 800)),
    ("high-contrast", rich, {"theme": "contrast"}, (1280, 800)),
    ("small-window", rich, {}, (800, 600)),
    ("small-window-chinese-dark", rich, {"language": "zh_CN", "theme": "dark"}, (800, 600)),
    ("chinese-empty", empty, {"language": "zh_CN"}, (1600, 1000)),
    ("settings-chinese", settings, {"language": "zh_CN"}, (1280, 800)),
    ("settings-dark", settings, {"theme": "dark"}, (1280, 800)),
    ("large", rich, {}, (2560, 1440)),
    ("large-dark-empty", empty, {"theme": "dark"}, (2560, 1440)),
    # Taken only in the pass that ``scripts/screenshots`` runs at 200% scaling (QT_SCALE_FACTOR=2).
    (SCALED, rich, {}, (1280, 800)),
    (SCALED + "-chinese-dark", rich, {"language": "zh_CN", "theme": "dark"}, (1280, 800)),
]

_OUT = Path("docs/screenshots")
# The name of the shot being taken (a flow that saves a dialog rather than the window names its file by it).
_SHOT_NAME = ""


def _save(widget: Any, name: str) -> None:
    path = _OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


async def _run(name: str, flow: Flow, settings: dict[str, Any], size: tuple[int, int]) -> None:
    import json

    global _SHOT_NAME
    _SHOT_NAME = name

    from app.main import GeminiDesk, parse_args

    with tempfile.TemporaryDirectory() as data_dir:
        config = Path(data_dir) / "config" / "settings.json"
        config.parent.mkdir(parents=True)
        config.write_text(json.dumps({"language": "en", **settings}), encoding="utf-8")
        desk = GeminiDesk(parse_args(["--demo", "--data-dir", data_dir]), {})
        await desk.start()
        try:
            desk.window.resize(*size)
            desk.window.show()
            await _settle(1.0)
            await flow(desk)
            if not name.startswith("settings"):
                _save(desk.window, name)
        finally:
            await desk.shutdown()


def main(argv: list[str]) -> int:
    """Take every screenshot (or those named after the output folder) into ``argv[0]``."""
    global _OUT
    _OUT = Path(argv[0]) if argv else _OUT
    _OUT.mkdir(parents=True, exist_ok=True)
    wanted = set(argv[1:])
    os.environ.pop("GEMINI_API_KEY", None)
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gemini Desk")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    from app.qt.async_support import finish_tasks

    try:
        scaled = os.environ.get("QT_SCALE_FACTOR") == "2"
        for name, flow, settings, size in SHOTS:
            if (not wanted or name in wanted) and name.startswith(SCALED) == scaled:
                loop.run_until_complete(_run(name, flow, settings, size))
    finally:
        # As the app itself ends (app.launch): a loop left open leaves Qt's threads running at exit.
        finish_tasks(loop)
        loop.close()
        asyncio.set_event_loop(None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
