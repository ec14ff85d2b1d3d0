"""The app's folders are 0700 and its files 0600 on POSIX, whatever the umask."""

from __future__ import annotations

import io
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.logs import AppLogging
from app.core.model_cache import ModelCache
from app.core.paths import resolve_paths
from app.core.private_files import write_atomically
from app.core.settings_store import SettingsStore
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o002)  # a shared-group set-up: new files 0664, folders 0775
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_folder_and_file_the_app_writes_is_private(tmp_path: Path) -> None:
    paths = resolve_paths(str(tmp_path / "profile"), {})
    database = Database.open(paths.database_path)
    ConversationStore(database).create("private", "m", {})
    logs = AppLogging(paths.log_dir, {"GEMINI_DESK_LOG": "debug"}, stream=io.StringIO())
    logging.getLogger("app.test").warning("a line")
    SettingsStore(paths.settings_path).save(SettingsStore(paths.settings_path).load())
    ModelCache(paths.cache_dir / "models").save("https://gateway.example", [])
    try:
        folders = [
            paths.data_dir,
            paths.config_dir,
            paths.cache_dir,
            paths.log_dir,
            paths.cache_dir / "models",
        ]
        assert {str(p): oct(_mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
        files = [p for p in paths.data_dir.rglob("*") if p.is_file()]
        names = {p.name for p in files}
        assert {"gemini-desk.sqlite3", "gemini-desk.sqlite3-wal", "gemini-desk.log", "settings.json"} <= names
        assert {str(p): oct(_mode(p)) for p in files} == {str(p): "0o600" for p in files}
    finally:
        logs.close()
        database.close()


def test_files_and_folders_of_an_older_version_are_tightened_when_opened(tmp_path: Path) -> None:
    root = tmp_path / "profile"
    (root / "config").mkdir(parents=True, mode=0o755)
    root.chmod(0o755)
    legacy = Database.open(root / "gemini-desk.sqlite3")
    legacy.close()
    (root / "gemini-desk.sqlite3").chmod(0o644)
    paths = resolve_paths(str(root), {})
    Database.open(paths.database_path).close()
    assert _mode(root) == 0o700 and _mode(root / "config") == 0o700
    assert _mode(paths.database_path) == 0o600


def test_settings_kept_aside_after_damage_are_private(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir()
    path.write_text('{"proxy_url": "http://user:pass@proxy:8080", "theme": 5}', encoding="utf-8")
    path.chmod(0o644)
    store = SettingsStore(path)
    store.load()
    assert store.repair is not None and store.repair.kept_as
    assert _mode(path.parent / store.repair.kept_as) == 0o600
    path.write_text("not json", encoding="utf-8")
    path.chmod(0o644)
    store.load()
    assert store.repair is not None and store.repair.kept_as
    assert _mode(path.parent / store.repair.kept_as) == 0o600


def test_a_written_file_replaces_the_old_one_whole_and_a_failed_write_leaves_it(tmp_path: Path) -> None:
    target = tmp_path / "app" / "settings.json"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second" and _mode(target) == 0o600 and _mode(target.parent) == 0o700

    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]  # fails half-way, after mkstemp
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["settings.json"]  # no temporary file left behind


def test_an_export_into_a_folder_the_user_chose_leaves_that_folder_as_it_was(tmp_path: Path) -> None:
    chosen = tmp_path / "Documents"
    chosen.mkdir(mode=0o775)
    os.chmod(chosen, 0o775)
    write_atomically(chosen / "chat.md", b"# chat", private_folder=False)
    assert (chosen / "chat.md").read_bytes() == b"# chat" and _mode(chosen) == 0o775


def test_a_data_folder_the_user_named_that_holds_their_own_files_keeps_its_mode(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    paths = resolve_paths(str(home), {})  # ``--data-dir ~``
    Database.open(paths.database_path).close()
    assert _mode(home) == 0o755  # not the app's to tighten
    assert _mode(paths.config_dir) == 0o700 and _mode(paths.database_path) == 0o600  # what the app adds is


def test_a_settings_file_linked_from_elsewhere_is_written_where_it_lives(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    dotfiles.chmod(0o755)
    (dotfiles / "gemini-desk.json").write_bytes(b"{}")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").symlink_to(dotfiles / "gemini-desk.json")
    write_atomically(config / "settings.json", b'{"theme": "dark"}')
    assert (config / "settings.json").is_symlink()  # the link still leads to the user's file
    assert (dotfiles / "gemini-desk.json").read_bytes() == b'{"theme": "dark"}'
    assert _mode(dotfiles) == 0o755
