"""``--demo`` keeps its own data folder: the real history is neither shown nor changed by the demo."""

from __future__ import annotations

import asyncio
import base64
import json
import sys
from pathlib import Path

import pytest
import qasync
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit

from app.core.paths import AppPaths, demo_data_dir, remove_demo_folder, resolve_paths
from app.core.proxy_credentials import proxy_account
from app.core.secrets import SERVICE_NAME
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.demo.server import GatewayDouble
from app.launch import leave_demo_folder, run
from app.main import GeminiDesk, parse_args
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.main_window import MainWindow
from app.qt.single_instance import Claim, SingleInstance
from tests.helpers.app_harness import (
    TIMEOUT,
    child,
    generation_requests,
    in_use,
    send_and_wait,
    stop_desk,
    transcript_text,
    wait_until,
    write_settings,
)
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.loopback import LoopbackListener
from tests.helpers.setup_steps import open_settings, use_keyring

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


def _proxy_logins(proxy: LoopbackListener) -> set[str]:
    """The user:password pairs the proxy was sent (Proxy-Authorization)."""
    found = set()
    for head in proxy.heads:
        for line in head.split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "proxy-authorization" and value.strip().startswith("Basic "):
                found.add(base64.b64decode(value.strip()[6:]).decode())
    return found


REMOTE = "https://gateway.example"


def test_leaving_the_demo_opens_the_users_own_folder_with_what_they_typed(
    qloop: qasync.QEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gateway: GatewayDouble
) -> None:
    _isolate(monkeypatch, tmp_path)
    real = resolve_paths(None, {})
    with Database.open(real.database_path) as database:
        ConversationStore(database).create("My real conversation", "gemini-2.5-pro")
    (real.config_dir / "settings.json").write_text(json.dumps({"language": "en", "font_size": 15}), "utf-8")
    demo_settings = resolve_paths(None, {}, demo=True)
    write_settings(demo_settings.data_dir, language="en")
    backend = MemoryKeyring()
    proxy = LoopbackListener(hang_up=True)
    proxy_host = proxy.url.removeprefix("http://")

    async def scenario() -> None:
        desk = GeminiDesk(parse_args(["--demo"]), {})
        await asyncio.wait_for(desk.start(), TIMEOUT)
        own: GeminiDesk | None = None
        try:
            assert desk.paths.demo_scratch and (desk.paths.data_dir / ".demo-session").is_file()
            _, _, status = await send_and_wait(desk, "/help")
            assert status == "complete"
            dialog = open_settings(desk)
            assert "reopens with your own settings" in dialog.demo_notice.text()
            # (A gateway on another host: loopback addresses are never reached through a proxy.)
            dialog.base_url_edit.setText(REMOTE)
            dialog.key_field.set_key("remote-key")
            mode = child(dialog, QComboBox, "proxyModeCombo")
            mode.setCurrentIndex(mode.findData("url"))
            url = child(dialog, QLineEdit, "proxyUrlEdit")
            url.setFocus()
            QTest.keyClicks(url, f"http://bob:Pr0xy-pw@{proxy_host}")
            assert url.text() == f"http://bob@{proxy_host}", "the password never shows in the URL field"
            ok = child(dialog, QDialogButtonBox, "settingsButtonBox").button(
                QDialogButtonBox.StandardButton.Ok
            )
            assert ok is not None
            QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
            assert await asyncio.wait_for(desk.wait_closed(), TIMEOUT) == 0
            assert desk.demo_exit is not None
            own = await leave_demo_folder(desk, {})

            # The user's own folder, as a normal start opens it, with what they typed in the demo.
            assert own.paths.data_dir == real.data_dir and not own.paths.demo_scratch
            assert own.window.isVisible()
            await wait_until(lambda: not shiboken6.isValid(desk.window), what="the demo's window released")
            assert "demo" not in own.window.windowTitle().lower()
            assert own.conversations.rowCount() == 1, "the real history is shown, not the demo's"
            state = own.window.status_line.state_label.text()
            assert state.startswith("The demo has ended") and REMOTE in state
            # The proxy password works at once: the model list asked through the proxy with it.
            await wait_until(lambda: _proxy_logins(proxy), what="a request through the proxy")
            assert _proxy_logins(proxy) == {"bob:Pr0xy-pw"}
            await own.proxy_passwords.wait_idle()
            await wait_until(lambda: backend.stored(REMOTE) == "remote-key", what="the key stored")
            account = proxy_account(f"http://bob@{proxy_host}")
            assert backend.secrets.get((SERVICE_NAME, account)) == "Pr0xy-pw"
            saved = json.loads((real.config_dir / "settings.json").read_text("utf-8"))
            assert saved["base_url"] == REMOTE and saved["proxy_url"] == f"http://bob@{proxy_host}"
            assert saved["font_size"] == 15, "the real folder's own settings stay"
            assert not demo_settings.data_dir.exists(), "the demo's folder is removed"

            # Settings show the password masked in its own field; the app works on: another gateway answers.
            dialog = open_settings(own)
            assert not dialog.demo_notice.isVisibleTo(dialog)
            assert child(dialog, QLineEdit, "proxyPasswordEdit").text() == "Pr0xy-pw"
            assert dialog.key_field.key() == "remote-key"
            dialog.base_url_edit.setText(gateway.base_url)
            dialog.key_field.set_key("test-key")
            mode = child(dialog, QComboBox, "proxyModeCombo")
            mode.setCurrentIndex(mode.findData("none"))
            dialog.accept()
            await wait_until(lambda: in_use(own) == gateway.base_url, what="the gateway in use")
            _, _, status = await send_and_wait(own, "Hello, real gateway")
            assert status == "complete" and len(generation_requests(gateway)) == 1
        finally:
            await stop_desk(desk)
            if own is not None:
                await stop_desk(own)

    try:
        with use_keyring(backend):
            qloop.run_until_complete(scenario())
    finally:
        proxy.close()
    with Database.open(real.database_path) as database:
        titles = sorted(c.title for c in ConversationStore(database).list())
    # The real conversation only (opened at start, the new message went into it and may have renamed it);
    # nothing of the demo's.
    assert len(titles) == 1 and "help" not in titles[0].lower()


def _main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_the_running_app_goes_on_in_the_users_own_folder_after_leaving_the_demo(
    qloop: qasync.QEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gateway: GatewayDouble
) -> None:
    _isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("GEMINI_DESK_NO_UPDATE_CHECK", "1")
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    demo = resolve_paths(None, {}, demo=True)
    write_settings(demo.data_dir, language="en")
    real = resolve_paths(None, {})
    instance = SingleInstance(demo.data_dir)
    assert instance.claim() is Claim.FIRST
    scratch: list[AppPaths] = []

    async def scenario() -> int:
        app_run = asyncio.ensure_future(run(parse_args(["--demo"]), instance, [], scratch))
        await wait_until(
            lambda: any("demo" in w.windowTitle() for w in _main_windows()) or app_run.done(),
            what="the demo's window",
        )
        [window] = _main_windows()
        window.settings_button.click()
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None
        dialog.base_url_edit.setText(gateway.base_url)
        dialog.key_field.set_key("test-key")
        dialog.accept()

        def ended() -> bool:
            shown = _main_windows()
            return any(w.status_line.state_label.text().startswith("The demo has ended") for w in shown)

        await wait_until(lambda: ended() or app_run.done(), what="the window on the user's own folder")
        [own] = _main_windows()
        assert own is not window and "demo" not in own.windowTitle().lower()
        own.close()  # as the user closes it: the app saves and ends
        return await asyncio.wait_for(app_run, TIMEOUT)

    application = QApplication.instance()
    assert isinstance(application, QApplication)
    quits = application.quitOnLastWindowClosed()
    application.setQuitOnLastWindowClosed(False)  # as ``app.launch.main`` sets it: the coroutine decides
    try:
        with use_keyring(MemoryKeyring()):
            assert qloop.run_until_complete(scenario()) == 0
    finally:
        application.setQuitOnLastWindowClosed(quits)
        instance.release()
    assert scratch == [], "the session ended in the user's own folder, not in the demo"
    assert not demo.data_dir.exists()
    saved = json.loads((real.config_dir / "settings.json").read_text("utf-8"))
    assert saved["base_url"] == gateway.base_url
    # The own folder's claim, taken when leaving the demo, is given up at the end like any other.
    again = SingleInstance(real.data_dir)
    assert again.claim() is Claim.FIRST
    again.release()
