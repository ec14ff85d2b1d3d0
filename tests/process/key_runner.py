"""Run the real app through whole sessions around the API key, for ``tests/reliability/test_key_*.py``.

Usage::

    python -m tests.process.key_runner session DATA_DIR OLD_BASE_URL BASE_URL
    python -m tests.process.key_runner restart DATA_DIR BASE_URL
    python -m tests.process.key_runner replace DATA_DIR BASE_URL
    python -m tests.process.key_runner forget DATA_DIR BASE_URL
    python -m tests.process.key_runner trouble DATA_DIR BASE_URL

The key is read from ``SESSION_KEY`` (removed from the environment before the app starts, and never printed);
``GEMINI_API_KEY`` must not be set, so the key takes the keyring path. The keyring backend is the platform's
or the one ``PYTHON_KEYRING_BACKEND`` names (see ``tests/helpers/keyrings.py``).

``session``: the settings point at OLD_BASE_URL, a gateway with no key stored. Through the welcome page the
user enters BASE_URL and the key and clicks "Save and start" (the key goes into the keyring); sends two
prompts (the test makes the first fail with a 401 whose body quotes the key); opens Settings, checks the key
field is masked until revealed, changes the idle timeout and clicks OK; exports the conversation as Markdown
and JSON into ``DATA_DIR/exports``; closes the window. Prints what the user saw: ``SEEN <json>`` (transcript,
status line, message boxes, welcome page texts) at several points, ``KEYFIELD <json>`` and ``DONE``.

``restart``: starts again on the same data directory, prints ``KEYSTATE <source>``, sends one prompt (which
only succeeds with the stored key), prints ``FINISHED <status>`` and quits.

``replace``: starts, types the key from ``SESSION_KEY`` over the stored one in Settings, clicks OK, prints
``REPLACED <source> <whether the new key is in use>``. ``forget``: starts, clicks "Forget key" in Settings,
waits for the welcome page, prints ``FORGOTTEN <source>``.

``trouble``: starts with a failing keyring. As soon as the welcome page shows (``WELCOME <seconds>``), the
user types a key, clicks "Use this key for this session only" and sends a prompt (``FINISHED <status>``),
whether or not the keyring has answered. Prints every key state (``KEYSTATE_CHANGED <source> <json error>``),
the lookup's duration (``LOOKUP``), the event loop's worst lag from the welcome page to the end of the lookup
(``LAG <seconds>``), every status line text (``STATUS_TEXTS <json>``), the final ``KEYSTATE`` and what the
user sees; then sends one more prompt.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMessageBox

from app.main import GeminiDesk, parse_args
from app.qt.async_support import install_asyncgen_hooks, signal_future
from app.qt.controllers.export_controller import ExportFormat
from tests.helpers.child_app import run_on_qt_loop, say, write_settings

TIMEOUT = 30.0
SESSION_KEY = os.environ.pop("SESSION_KEY", "")


def _seen(desk: GeminiDesk, when: str) -> None:
    """Print everything a user can read in the window now."""
    desk.window.transcript.flush()
    boxes = [
        {"text": widget.text(), "informative": widget.informativeText(), "details": widget.detailedText()}
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QMessageBox) and widget.isVisible()
    ]
    welcome = desk.window.welcome
    seen = {
        "when": when,
        "transcript": desk.window.transcript.toPlainText(),
        "status_line": desk.window.status_line.state_label.text(),
        "message_boxes": boxes,
        "welcome_visible": welcome.isVisible(),
        "welcome_result": welcome.result_label.text(),
        "welcome_key_error": welcome.key_error.text(),
        "window_title": desk.window.windowTitle(),
    }
    say("SEEN " + json.dumps(seen, ensure_ascii=False))


async def _send(desk: GeminiDesk, prompt: str) -> str:
    finished = signal_future(desk.chat.reply_finished)
    desk.window.composer.set_text(prompt)
    desk.window.composer.send_button.click()
    _conversation, _message, status = await asyncio.wait_for(finished, TIMEOUT)
    return str(status)


async def _until(predicate: Any, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def _session(desk: GeminiDesk, base_url: str) -> None:
    await desk.start()
    welcome = desk.window.welcome
    await _until(welcome.isVisible, "the welcome page (no key is stored for the old gateway)")
    _seen(desk, "start")

    # The welcome page: the new gateway and the key, "Save and start".
    welcome.base_url_edit.setText(base_url)
    welcome.key_field.line_edit.setText(SESSION_KEY)
    stored = signal_future(desk.keys.key_state_changed)
    welcome.save_button.click()
    (state,) = await asyncio.wait_for(stored, TIMEOUT)
    say(f"KEYSTATE {state.source}")
    await _until(lambda: not welcome.isVisible(), "the chat after saving the key")

    # Two prompts: the test makes the first one fail with a 401 that quotes the key.
    say(f"FINISHED {await _send(desk, 'First question, answered with an error')}")
    _seen(desk, "after-401")
    say(f"FINISHED {await _send(desk, 'Second question about secrets')}")
    _seen(desk, "after-chat")

    # Settings: the key field is masked unless revealed; change a setting and click OK.
    desk.window.settings_button.click()
    dialog = desk.setup._dialog
    assert dialog is not None
    field = dialog.key_field
    masked_at_open = not field.is_revealed() and field.line_edit.displayText() != field.key()
    field.reveal_button.click()
    revealed = field.is_revealed() and field.line_edit.displayText() == field.key()
    field.reveal_button.click()
    masked_again = not field.is_revealed() and field.line_edit.displayText() != field.key()
    holds_key = field.key() == SESSION_KEY
    say(
        "KEYFIELD "
        + json.dumps(
            {
                "masked": masked_at_open,
                "revealed": revealed,
                "masked_again": masked_again,
                "holds_key": holds_key,
            }
        )
    )
    dialog.idle_timeout_spin.setValue(dialog.idle_timeout_spin.value() + 30)
    changed = signal_future(desk.setup.settings_changed)
    dialog.accept()
    await asyncio.wait_for(changed, TIMEOUT)
    _seen(desk, "after-settings")

    # Export the conversation in both formats.
    conversation = desk.window_controller.current_conversation
    assert conversation is not None
    exports = Path(desk.paths.data_dir) / "exports"
    exports.mkdir(exist_ok=True)
    exports_to: tuple[tuple[ExportFormat, str], ...] = (
        ("markdown", "conversation.md"),
        ("json", "conversation.json"),
    )
    for file_format, name in exports_to:
        ok = await asyncio.wait_for(
            desk.exports.export_to([conversation], file_format, str(exports / name)), TIMEOUT
        )
        say(f"EXPORTED {name} {ok}")

    # Quit by closing the window, as a user does.
    desk.window.close()
    await asyncio.wait_for(desk.wait_closed(), TIMEOUT)


async def _restart(desk: GeminiDesk) -> None:
    await desk.start()
    say(f"KEYSTATE {desk.keys.state.source}")
    say(f"FINISHED {await _send(desk, 'A question after the restart')}")
    _seen(desk, "after-restart")


async def _replace(desk: GeminiDesk) -> None:
    """Settings: type a new key over the stored one and click OK; it replaces the keyring entry."""
    await desk.start()
    say(f"KEYSTATE {desk.keys.state.source}")
    desk.window.settings_button.click()
    dialog = desk.setup._dialog
    assert dialog is not None
    dialog.key_field.line_edit.setText(SESSION_KEY)
    stored = signal_future(desk.keys.key_state_changed)
    dialog.accept()
    (state,) = await asyncio.wait_for(stored, TIMEOUT)
    say(f"REPLACED {state.source} {state.key == SESSION_KEY}")


async def _forget(desk: GeminiDesk) -> None:
    """Settings: "Forget key" removes the stored key; the welcome page comes back."""
    await desk.start()
    say(f"KEYSTATE {desk.keys.state.source}")
    desk.window.settings_button.click()
    dialog = desk.setup._dialog
    assert dialog is not None
    forgotten = signal_future(desk.keys.key_state_changed)
    dialog.forget_button.click()
    (state,) = await asyncio.wait_for(forgotten, TIMEOUT)
    dialog.reject()
    await _until(desk.window.welcome.isVisible, "the welcome page after forgetting the key")
    say(f"FORGOTTEN {state.source}")


async def _trouble(desk: GeminiDesk) -> None:
    lag = 0.0
    lookup_done = False
    status_texts: list[str] = []
    status_line = desk.window.status_line
    show_state = status_line.set_state

    def record_state(
        text: str | Callable[[], str], details: str | Callable[[], str] = ""
    ) -> None:  # every text, if briefly
        status_texts.append(text() if callable(text) else text)
        show_state(text, details)

    status_line.set_state = record_state  # type: ignore[method-assign]

    async def measure() -> None:
        nonlocal lag
        while not lookup_done:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            lag = max(lag, time.monotonic() - before - 0.01)

    desk.keys.key_state_changed.connect(
        lambda state: say(f"KEYSTATE_CHANGED {state.source} {json.dumps(state.error)}")
    )
    started = time.monotonic()
    start = asyncio.ensure_future(desk.start())
    welcome = desk.window.welcome
    await _until(welcome.isVisible, "the welcome page while the keyring is asked")
    say(f"WELCOME {time.monotonic() - started:.2f}")
    # From here on the window is built and shown: any stall now is the keyring's fault.
    meter = asyncio.ensure_future(measure())
    # The user does not wait for the keyring: a key for this session only, and a question.
    welcome.key_field.line_edit.setText(SESSION_KEY)
    welcome.session_button.click()
    await _until(lambda: not welcome.isVisible(), "the chat after 'this session only'")
    say(f"FINISHED {await _send(desk, 'A question while the keyring is stuck')}")
    await asyncio.wait_for(start, TIMEOUT)
    lookup_done = True
    await meter
    state = desk.keys.state
    say(f"LOOKUP {time.monotonic() - started:.2f}")
    say(f"LAG {lag:.4f}")
    say("STATUS_TEXTS " + json.dumps(status_texts, ensure_ascii=False))
    say(f"KEYSTATE {state.source} {json.dumps(state.error)}")
    _seen(desk, "after-lookup")
    say(f"FINISHED {await _send(desk, 'A question after the keyring gave up')}")


async def _run(mode: str, data_dir: Path, urls: list[str]) -> int:
    install_asyncgen_hooks()
    write_settings(data_dir, urls[0])
    desk = GeminiDesk(parse_args(["--data-dir", str(data_dir)]), dict(os.environ))
    try:
        if mode == "session":
            await _session(desk, urls[1])
        elif mode == "restart":
            await _restart(desk)
        elif mode == "replace":
            await _replace(desk)
        elif mode == "forget":
            await _forget(desk)
        else:
            await _trouble(desk)
        return 0
    finally:
        await desk.shutdown()
        say("DONE")


def main(argv: list[str]) -> int:
    """Run one mode (see the module docstring) and return the exit status."""
    mode, data_dir, urls = argv[0], Path(argv[1]), argv[2:]
    return run_on_qt_loop(_run(mode, data_dir, urls))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
