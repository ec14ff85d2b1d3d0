"""``--demo`` keeps its own data folder: the real history is neither shown nor changed by the demo."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import qasync

from app.core.paths import resolve_paths
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.main import GeminiDesk, parse_args
from tests.helpers.app_harness import TIMEOUT, send_and_wait, stop_desk, transcript_text, write_settings

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG variables apply on Linux")


def test_the_demo_neither_shows_nor_touches_the_real_history(
    qloop: qasync.QEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    monkeypatch.delenv("GEMINI_DESK_DATA_DIR", raising=False)
    real = resolve_paths(None, {})
    with Database.open(real.database_path) as database:
        ConversationStore(database).create("My real conversation", "gemini-2.5-pro")
    demo = resolve_paths(None, {}, demo=True)
    write_settings(demo.data_dir, language="en")

    async def scenario() -> None:
        desk = GeminiDesk(parse_args(["--demo"]), {})
        await asyncio.wait_for(desk.start(), TIMEOUT)
        try:
            assert desk.paths.data_dir == real.data_dir / "demo"
            assert desk.conversations.rowCount() == 0, "the demo lists the real history"
            _, _, status = await send_and_wait(desk, "/help")
            assert status == "complete" and "Demo commands" in transcript_text(desk)
            assert desk.conversations.rowCount() == 1
        finally:
            await stop_desk(desk)

    qloop.run_until_complete(scenario())
    with Database.open(real.database_path) as database:
        titles = [c.title for c in ConversationStore(database).list()]
    assert titles == ["My real conversation"], "the demo wrote into the real history"


def test_a_data_folder_given_to_the_demo_is_used(tmp_path: Path) -> None:
    given = tmp_path / "mine"
    assert resolve_paths(str(given), {}, demo=True).data_dir == given
    assert resolve_paths(None, {"GEMINI_DESK_DATA_DIR": str(given)}, demo=True).data_dir == given
