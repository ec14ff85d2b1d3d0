"""The render stack is warmed in the background: the first answer then imports none of it on the GUI thread.

Each case runs the whole app in a fresh process (in this one, earlier tests have long imported markdown-it
and Pygments), streams a long Markdown answer with tables, links and code in the usual languages from the
gateway double, and reports which modules of the render stack the answer imported.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import qasync
from markdown_it import MarkdownIt
from pytestqt.qtbot import QtBot

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.gc_guard import GuiThreadCollector
from app.qt.warm_start import warm_after_start
from app.render import markdown
from app.render.parser import new_parser
from tests.helpers.app_harness import run_app, send_and_wait, wait_until

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import asyncio, json, sys, tempfile
from pathlib import Path

from app.demo.content import long_markdown_text
from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.render.warmup import WARM_LANGUAGES, start_render_warmup
from tests.helpers.app_harness import send_and_wait, start_desk, stop_desk
from tests.helpers.child_app import run_on_qt_loop

RENDER_STACK = ("markdown_it", "mdit_py_plugins", "linkify_it", "pygments")
fences = "".join(f"\n```{language}\nx = 1\n```\n" for language in WARM_LANGUAGES)


async def scenario() -> int:
    with GatewayDouble() as gateway, tempfile.TemporaryDirectory() as folder:
        gateway.set_scenario(Scenario("warm", chunks=text_stream(long_markdown_text() + fences)))
        desk = await start_desk(Path(folder), gateway)
        try:
            if sys.argv[1] == "warm":
                thread = start_render_warmup()
                while thread.is_alive():  # the window keeps painting meanwhile
                    await asyncio.sleep(0.02)
            before = set(sys.modules)
            await send_and_wait(desk, "Write a long answer.")
            desk.window.transcript.flush()
            shown = desk.window.transcript.toPlainText()
            new = sorted(m for m in set(sys.modules) - before if m.split(".")[0] in RENDER_STACK)
            print("NEW " + json.dumps(new) + " SHOWN " + json.dumps("def section_8" in shown), flush=True)
        finally:
            await stop_desk(desk)
    return 0


sys.exit(run_on_qt_loop(scenario()))
"""


def _first_answer_imports(mode: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("NEW ")]
    assert lines, done.stdout + done.stderr
    new, shown = lines[0].removeprefix("NEW ").split(" SHOWN ")
    assert json.loads(shown), "the answer was not shown"
    return list(json.loads(new))


def test_after_the_warm_up_the_first_answer_imports_nothing_of_the_render_stack() -> None:
    assert _first_answer_imports("warm") == []


def test_without_the_warm_up_the_first_answer_imports_markdown_it_and_the_lexers() -> None:
    # The probe sees what it is meant to: the same answer in a cold process imports the whole stack.
    imported = _first_answer_imports("cold")
    assert "markdown_it" in imported
    assert "pygments.lexers.python" in imported


def test_start_up_objects_are_frozen_once_the_warm_up_is_done(qtbot: QtBot) -> None:
    # A full collection then walks only what was made since start-up (it took 40-90 ms on the GUI thread).
    ready = False
    collector = GuiThreadCollector()
    try:
        collector.freeze_when(lambda: ready)
        qtbot.wait(700)
        assert gc.get_freeze_count() == 0  # not before the warm-up is done
        ready = True
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0  # given back at shutdown


def test_once_warmed_the_first_message_builds_no_parser_on_the_gui_thread(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The transcript's parser (1-8 ms) is built at idle after the warm-up, not in the first Send's click.
    built: list[str] = []

    def counted(*, extensions: bool = True) -> MarkdownIt:
        built.append(threading.current_thread().name)
        return new_parser(extensions=extensions)

    async def body(desk: GeminiDesk) -> None:
        collector = GuiThreadCollector()
        try:
            monkeypatch.setattr(markdown, "new_parser", counted)
            warm_after_start(desk.window, collector)
            await wait_until(lambda: gc.get_freeze_count() > 0, what="the warm-up's end")
            assert "MainThread" in built, "the transcript's parser was not built at idle"
            built.clear()
            await send_and_wait(desk, "hello")
        finally:
            collector.stop()
        assert built == []

    run_app(qloop, tmp_path, body, gateway)
