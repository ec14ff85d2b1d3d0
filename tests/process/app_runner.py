"""Run the real app in its own process for ``test_kill_during_stream.py``.

Usage::

    python -m tests.process.app_runner stream DATA_DIR BASE_URL PROMPT
    python -m tests.process.app_runner status DATA_DIR BASE_URL

``stream`` starts the app (offscreen) against the gateway at BASE_URL with the key in ``GEMINI_API_KEY``,
sends PROMPT through the composer and keeps running. It prints ``TEXT <unix time> <characters so far>`` each
time answer text reaches the app, ``STREAMING`` after the first, and never exits on its own: the test
kills it.

``status`` starts the app on the same data directory, prints one ``STATUS <json>`` line describing the open
conversation (each message's role, status and text, the transcript text, and the action links it shows), then
shuts down cleanly.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from app.main import GeminiDesk, parse_args
from app.qt.async_support import install_asyncgen_hooks
from app.qt.widgets.transcript_view import ACTION_SCHEME
from tests.helpers.child_app import run_on_qt_loop, say, write_settings


async def _stream(desk: GeminiDesk, prompt: str) -> None:
    received = 0

    def on_text(_conversation: int, _message: int, delta: str) -> None:
        nonlocal received
        first = received == 0
        received += len(delta)
        say(f"TEXT {time.time():.3f} {received}")
        if first:
            say("STREAMING")

    def on_finished(_conversation: int, _message: int, status: str) -> None:
        say(f"FINISHED {status}")

    desk.chat.text_received.connect(on_text)
    desk.chat.reply_finished.connect(on_finished)
    desk.window.composer.set_text(prompt)
    desk.window.composer.send_button.click()
    say("SENT")
    await asyncio.Event().wait()  # until killed


async def _status(desk: GeminiDesk) -> None:
    current = desk.window_controller.current_conversation
    messages: list[dict[str, Any]] = []
    if current is not None:
        for message in desk.store.list_messages(current):
            links = [
                action
                for action in ("retry", "regenerate", "edit")
                if f"{ACTION_SCHEME}:{action}/{message.id}" in desk.window.transcript.toHtml()
            ]
            messages.append(
                {
                    "id": message.id,
                    "role": message.role,
                    "status": message.status,
                    "text": message.text,
                    "links": links,
                }
            )
    desk.window.transcript.flush()
    report = {
        "interrupted_at_start": desk.interrupted_at_start,
        "messages": messages,
        "transcript": desk.window.transcript.toPlainText(),
    }
    say("STATUS " + json.dumps(report, ensure_ascii=False))


async def _run(mode: str, data_dir: Path, base_url: str, prompt: str) -> int:
    install_asyncgen_hooks()
    write_settings(data_dir, base_url)
    desk = GeminiDesk(parse_args(["--data-dir", str(data_dir)]), dict(os.environ))
    try:
        await desk.start()
        if mode == "stream":
            await _stream(desk, prompt)
        else:
            await _status(desk)
        return 0
    finally:
        await desk.shutdown()


def main(argv: list[str]) -> int:
    """Run one mode (see the module docstring) and return the exit status."""
    mode, data_dir, base_url = argv[0], Path(argv[1]), argv[2]
    prompt = argv[3] if len(argv) > 3 else ""
    return run_on_qt_loop(_run(mode, data_dir, base_url, prompt))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
