"""``--demo`` keeps its own data folder: the real history is neither shown nor changed by the demo."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import qasync

from app.core.paths import demo_data_dir, remove_demo_folder, resolve_paths
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


def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    monkeypatch.delenv("GEMINI_DESK_DATA_DIR", raising=False)


def test_the_demos_own_folder_is_removed_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    real = resolve_paths(None, {})
    demo = resolve_paths(None, {}, demo=True)
    assert demo.demo_scratch and not real.demo_scratch
    (demo.data_dir / "gemini-desk.sqlite3").write_bytes(b"scratch")
    assert remove_demo_folder(demo)
    assert not demo.data_dir.exists()
    assert real.data_dir.is_dir()  # the real data folder around it stays
    assert not remove_demo_folder(real) and real.data_dir.is_dir()


def test_a_data_folder_the_user_named_is_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    for given in (
        resolve_paths(str(tmp_path / "mine"), {}, demo=True),
        resolve_paths(None, {"GEMINI_DESK_DATA_DIR": str(tmp_path / "env")}, demo=True),
        # Even the very folder the demo would use, when the user names it.
        resolve_paths(str(demo_data_dir()), {}, demo=True),
    ):
        assert not given.demo_scratch
        assert not remove_demo_folder(given)
        assert given.data_dir.is_dir()


def test_a_demo_folder_that_is_a_link_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    elsewhere = tmp_path / "precious"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", encoding="utf-8")
    demo_data_dir().parent.mkdir(parents=True)
    demo_data_dir().symlink_to(elsewhere, target_is_directory=True)
    paths = resolve_paths(None, {}, demo=True, create=False)
    assert not remove_demo_folder(paths)
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_demo_folder_that_was_there_before_this_session_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    # An older version's demo folder, or one the user put things in: the app did not make it for this demo.
    demo_data_dir().mkdir(parents=True)
    (demo_data_dir() / "IMPORTANT.txt").write_text("mine", encoding="utf-8")
    demo = resolve_paths(None, {}, demo=True)
    assert demo.demo_scratch
    assert not remove_demo_folder(demo)
    assert (demo.data_dir / "IMPORTANT.txt").read_text(encoding="utf-8") == "mine"


def test_a_session_that_left_the_demo_keeps_its_folder_for_every_later_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    first = resolve_paths(None, {}, demo=True)
    (first.data_dir / "gemini-desk.sqlite3").write_bytes(b"the user's own conversations after leaving")
    first.keep_demo_folder()  # what leaving the demo for a real gateway does
    later = resolve_paths(None, {}, demo=True)
    assert not remove_demo_folder(later)
    assert (later.data_dir / "gemini-desk.sqlite3").is_file()
