"""Run the real app for the kill -9 loop in ``tests/reliability/test_crash_kill_loop.py``.

Usage::

    python -m tests.process.crash_runner DATA_DIR BASE_URL PROMPT [PROMPT...]

Starts the app (offscreen) on DATA_DIR against the gateway at BASE_URL with the key in ``GEMINI_API_KEY``,
and first prints one ``STATE <json>`` line: how many replies the start marked interrupted, and every stored
message (id, conversation, role, status, text). That is what a user would find after a restart.

Then it sends each PROMPT through the composer, in the open conversation. It waits for every reply but the
last to finish; the last one streams until the test kills the process. While replies stream it prints:

* ``SENT <index>`` when a prompt was sent;
* ``TEXT <unix time> <message id> <json string>`` for every piece of answer text, as it reaches the app;
* ``FINISHED <message id> <status>`` when a reply ends.

It never exits on its own: the test kills it (SIGKILL) at a moment of its choosing. Without any PROMPT it
reports and shuts down cleanly (exit status 0). ``STATE`` also carries the start's database notice and the
status line's text and the text of a notice box on screen.
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
from tests.helpers.child_app import run_on_qt_loop, say, write_settings


def _state(desk: GeminiDesk) -> dict[str, Any]:
    box = desk.notice_box
    messages = [
        {
            "id": message.id,
            "conversation": conversation_id,
            "role": message.role,
            "status": message.status,
            "text": message.text,
        }
        for conversation_id in desk.store.list_ids()
        for message in desk.store.list_messages(conversation_id)
    ]
    return {
        "interrupted_at_start": desk.interrupted_at_start,
        "messages": messages,
        "database_notice": desk.database_notice,
        "status_line": desk.window.status_line.state_label.text(),
        "notice_box": None if box is None or not box.isVisible() else box.text(),
    }


async def _converse(desk: GeminiDesk, prompts: list[str]) -> None:
    if not prompts:
        return  # only report what the start found, then quit cleanly
    loop = asyncio.get_running_loop()
    finished: asyncio.Queue[str] = asyncio.Queue()

    def on_text(_conversation: int, message: int, delta: str) -> None:
        say(f"TEXT {time.time():.4f} {message} {json.dumps(delta)}")

    def on_finished(_conversation: int, message: int, status: str) -> None:
        say(f"FINISHED {message} {status}")
        loop.call_soon(finished.put_nowait, status)

    desk.chat.text_received.connect(on_text)
    desk.chat.reply_finished.connect(on_finished)
    for index, prompt in enumerate(prompts):
        desk.window.composer.set_text(prompt)
        desk.window.composer.send_button.click()
        say(f"SENT {index}")
        if index < len(prompts) - 1:
            await finished.get()
    await asyncio.Event().wait()  # until killed


async def _run(data_dir: Path, base_url: str, prompts: list[str]) -> int:
    install_asyncgen_hooks()
    write_settings(data_dir, base_url)
    desk = GeminiDesk(parse_args(["--data-dir", str(data_dir)]), dict(os.environ))
    try:
        await desk.start()
        say("STATE " + json.dumps(_state(desk), ensure_ascii=False))
        await _converse(desk, prompts)
        return 0
    finally:
        await desk.shutdown()


def main(argv: list[str]) -> int:
    """Run as described in the module docstring."""
    data_dir, base_url, prompts = Path(argv[0]), argv[1], argv[2:]
    return run_on_qt_loop(_run(data_dir, base_url, prompts))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
