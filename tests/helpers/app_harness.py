"""Helpers for end-to-end tests of the whole app: a real ``GeminiDesk`` against the local gateway double.

Every helper is a coroutine meant to run on the ``qloop`` fixture's qasync loop
(``qloop.run_until_complete(scenario())``); signals are awaited as futures, never with ``qtbot.waitSignal``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.demo.server import GatewayDouble, RecordedRequest
from app.main import GeminiDesk, parse_args
from app.qt.async_support import signal_future
from app.qt.widgets.transcript_view import ACTION_SCHEME, TranscriptView
from tests.helpers.windows import delete_new_windows, own_windows

TIMEOUT = 30.0
"""Seconds any single wait may take before the test fails: a bound on gross failure (a hang), generous because
the machine may be loaded; a hang is a failure, not a stuck run."""

_Found = TypeVar("_Found", bound=QObject)

MODEL = "gemini-2.5-flash"


def write_settings(data_dir: Path, **values: Any) -> None:
    """Write ``DIR/config/settings.json`` before the app starts (``--data-dir DIR`` reads it from there).

    What an earlier run saved there (window state, last conversation) is kept; ``values`` win.
    """
    path = data_dir / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"default_model": MODEL}
    path.write_text(json.dumps({**saved, **values}), encoding="utf-8")


async def start_desk(
    data_dir: Path,
    gateway: GatewayDouble | None = None,
    *,
    demo: bool = False,
    environ: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> GeminiDesk:
    """Build and start the app on ``data_dir``; with ``gateway`` the key comes from the environment.

    The settings file is written first (English UI unless ``settings`` says otherwise), pointing at
    ``gateway``.
    """
    # Earlier tests may have left Qt objects in reference cycles; free them here, on the GUI thread, before
    # the app starts its keyring worker thread (a collection running there would destroy them off-thread).
    gc.collect()
    argv = ["--data-dir", str(data_dir)]
    if demo:
        argv.append("--demo")
    values: dict[str, Any] = {"language": "en", **(settings or {})}
    if gateway is not None:
        values["base_url"] = gateway.base_url
    write_settings(data_dir, **values)
    if gateway is not None:
        environ = {"GEMINI_API_KEY": gateway.api_key or "any-key", **(environ or {})}
    desk = GeminiDesk(parse_args(argv), dict(environ or {}))
    await asyncio.wait_for(desk.start(), TIMEOUT)
    return desk


async def stop_desk(desk: GeminiDesk) -> None:
    """Shut the app down as closing the window would (streams stopped, everything saved)."""
    await asyncio.wait_for(desk.shutdown(), TIMEOUT)


async def wait_until(predicate: Callable[[], object], timeout: float = TIMEOUT, what: str = "") -> None:
    """Poll ``predicate`` while the loop keeps processing Qt events; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        await asyncio.sleep(0.02)


def finished_future(desk: GeminiDesk) -> asyncio.Future[tuple[Any, ...]]:
    """A future for the next ``reply_finished(conversation, message, status)``; create it before acting."""
    return signal_future(desk.chat.reply_finished)


async def await_future(future: asyncio.Future[tuple[Any, ...]], timeout: float = TIMEOUT) -> tuple[Any, ...]:
    """Await a signal future with a timeout."""
    return await asyncio.wait_for(future, timeout)


def type_and_send(desk: GeminiDesk, text: str) -> None:
    """Type ``text`` into the prompt and click Send, like a user."""
    composer = desk.window.composer
    composer.set_text(text)
    composer.send_button.click()


async def send_and_wait(desk: GeminiDesk, text: str, timeout: float = TIMEOUT) -> tuple[int, int, str]:
    """Send ``text`` and wait for the reply to finish; returns (conversation id, reply id, status)."""
    finished = finished_future(desk)
    type_and_send(desk, text)
    conversation_id, message_id, status = await await_future(finished, timeout)
    return int(conversation_id), int(message_id), str(status)


def transcript_text(desk: GeminiDesk) -> str:
    """What the transcript shows now (pending stream text applied first)."""
    desk.window.transcript.flush()
    return desk.window.transcript.toPlainText()


def click_action(desk: GeminiDesk, action: str, message_id: int) -> None:
    """Click one of the transcript's action links (``retry``, ``edit``, ``regenerate``, ``copy-message``)."""
    desk.window.transcript.anchorClicked.emit(QUrl(f"{ACTION_SCHEME}:{action}/{message_id}"))


def has_action_link(desk: GeminiDesk, action: str, message_id: int) -> bool:
    """Whether the transcript shows the action link (for example "Retry" under a failed reply)."""
    return f"{ACTION_SCHEME}:{action}/{message_id}" in desk.window.transcript.toHtml()


async def press(
    desk: GeminiDesk,
    widget: QWidget,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Focus ``widget`` in the active window and press the key there, as a user would."""
    desk.window.activateWindow()
    # Window shortcuts only fire in the active window; after a dialog closes, activation comes a little later.
    await wait_until(lambda: QApplication.activeWindow() is desk.window, what="the main window to be active")
    widget.setFocus()
    QTest.keyClick(widget, key, modifiers)
    await asyncio.sleep(0.03)


def process_events() -> None:
    """Let Qt deliver posted events (layouts, deferred deletes)."""
    QApplication.processEvents()


def run_app(
    loop: asyncio.AbstractEventLoop,
    data_dir: Path,
    body: Callable[[GeminiDesk], Any],
    gateway: GatewayDouble | None = None,
    *,
    demo: bool = False,
    environ: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
    timeout: float = 30.0,
) -> None:
    """Start the app, run the coroutine function ``body(desk)`` on ``loop`` and always shut the app down.

    Once the loop has stopped, everything the scenario built is gone: its windows (see ``delete_new_windows``)
    and the tasks it left running. Do not keep a widget from the scenario to look at after this returns.
    """
    windows_before = own_windows()
    tasks_before = asyncio.all_tasks(loop)

    async def scenario() -> None:
        desk = await start_desk(data_dir, gateway, demo=demo, environ=environ, settings=settings)
        try:
            await asyncio.wait_for(body(desk), timeout)
        finally:
            await stop_desk(desk)

    try:
        loop.run_until_complete(scenario())
    finally:
        try:
            # The scenario's tasks end while its widgets still exist (a cancelled task may still touch them).
            _cancel_new_tasks(loop, tasks_before)
        finally:
            delete_new_windows(windows_before)
            # Free the finished app's Python objects here, on the GUI thread. Left to the cyclic collector,
            # they could be collected on whichever thread next allocates (the keyring worker): Qt aborts.
            gc.collect()


def _cancel_new_tasks(loop: asyncio.AbstractEventLoop, before: set[asyncio.Task[Any]]) -> None:
    """Cancel the tasks started since ``before`` that are still running, and let them finish (bounded)."""
    pending = [task for task in asyncio.all_tasks(loop) if task not in before and not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.wait(pending, timeout=TIMEOUT))


def in_use(desk: GeminiDesk) -> str | None:
    """The base URL the chat sends to now (None: no key, nothing can be sent)."""
    connection = desk.clients.connection
    return connection.base_url if connection is not None else None


def generation_requests(gateway: GatewayDouble) -> list[RecordedRequest]:
    """The streamed generation requests the gateway received (model-list and title calls left out)."""
    return [r for r in gateway.requests if r.path.endswith(":streamGenerateContent")]


def click_transcript_text(view: TranscriptView, text: str) -> str:
    """Click the middle of ``text`` in ``view`` with the mouse; return the link there ("" if none)."""
    found = view.document().find(text)
    assert not found.isNull(), f"{text!r} is not in the transcript"
    cursor = QTextCursor(view.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point: QPoint = view.cursorRect(cursor).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    return view.anchorAt(point)


def child(parent: QObject, kind: type[_Found], name: str) -> _Found:
    """The child of ``parent`` with object name ``name`` and type ``kind``; the test fails without one."""
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found
