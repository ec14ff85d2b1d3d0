"""Updates in the window, against a signed feed on 127.0.0.1: the bar, the notes, progress, the restart.

Nothing is installed: the self-updating install here is an AppImage stand-in file in a temporary folder,
and it is only replaced when the test clicks "Restart to update".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.core.updates.checker import UpdateChecker
from app.core.updates.feed import UpdateSources
from app.core.updates.install_kind import InstallKind, appimage_name
from app.core.versioning import parse_version
from app.main import GeminiDesk, parse_args
from app.qt.async_support import signal_future
from app.qt.controllers.update_controller import UpdateController
from tests.helpers.app_harness import TIMEOUT, stop_desk, wait_until, write_settings
from tests.helpers.opened_urls import recording_opened_urls
from tests.helpers.update_feed import UpdateFeed

NEW = "0.3.0"
PAYLOAD = b"\x7fELF verified AppImage " * 20000


@pytest.fixture
def feed(tmp_path: Path) -> Iterator[UpdateFeed]:
    served = UpdateFeed(tmp_path / "repository")
    try:
        yield served
    finally:
        served.stop()


async def _desk(data_dir: Path, feed: UpdateFeed, *, demo: bool = False, **settings: object) -> GeminiDesk:
    write_settings(data_dir, **{"language": "en", "update_feed_url": feed.feed_url, **settings})
    argv = ["--data-dir", str(data_dir), *(["--demo"] if demo else [])]
    desk = GeminiDesk(parse_args(argv), {"GEMINI_API_KEY": "some-key"}, update_checks=True)
    await asyncio.wait_for(desk.start(), TIMEOUT)
    return desk


def _appimage_controller(
    desk: GeminiDesk, feed: UpdateFeed, tmp_path: Path, appimage: Path
) -> UpdateController:
    checker = UpdateChecker(
        sources=UpdateSources.from_feed_url(feed.feed_url),
        current=parse_version("0.2.0"),
        kind=InstallKind.APPIMAGE,
        arch="x86_64",
        cache_dir=tmp_path / "cache",
        trusted_root=feed.trusted_root(),
        http_options={"trust_env": False},
    )
    return UpdateController(
        desk.window.update_bar,
        checker,
        last_check=None,
        remember_check=desk.setup.save_update_check,
        environ={"APPIMAGE": str(appimage)},
    )


def test_self_update_downloads_in_the_background_verifies_and_offers_the_restart(
    qloop: qasync.QEventLoop, feed: UpdateFeed, tmp_path: Path
) -> None:
    feed.publish(NEW, {appimage_name(NEW, "x86_64"): PAYLOAD}, notes="## What's new\n\n- **Faster** start")
    appimage = tmp_path / "Applications" / "Gemini_Desk.AppImage"
    appimage.parent.mkdir()
    appimage.write_bytes(b"the running version")

    async def scenario() -> None:
        desk = await _desk(tmp_path / "data", feed, check_updates=False)
        try:
            bar = desk.window.update_bar
            updates = _appimage_controller(desk, feed, tmp_path, appimage)
            checked = signal_future(updates.check_finished)
            assert updates.check_if_due()
            await asyncio.wait_for(checked, TIMEOUT)
            assert bar.isVisible()
            assert bar.message.text() == f"Gemini Desk {NEW} is available (you have {_version()})."
            assert bar.update_button.isVisible() and not bar.restart_button.isVisible()
            # The time of the check is saved: the next start does not ask again today.
            assert desk.setup.settings.last_update_check is not None
            assert not updates.check_if_due()

            bar.notes_button.click()
            notes = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "releaseNotes")
            assert isinstance(notes, QMessageBox) and notes.isVisible()
            assert "Faster" in notes.text() and notes.windowTitle() == f"Gemini Desk {NEW}"
            notes.close()

            seen: list[int] = []
            bar.progress.valueChanged.connect(seen.append)
            downloaded = signal_future(updates.download_finished)
            bar.update_button.click()
            (path,) = await asyncio.wait_for(downloaded, TIMEOUT)
            assert Path(path).read_bytes() == PAYLOAD
            assert seen and seen[-1] == len(PAYLOAD)
            assert bar.restart_button.isVisible() and bar.restart_button.isEnabled()
            assert bar.message.text() == f"Gemini Desk {NEW} is downloaded and verified."
            # Downloaded and verified, not installed: the running AppImage is untouched.
            assert appimage.read_bytes() == b"the running version"

            quit_requested = signal_future(updates.quit_requested)
            bar.restart_button.click()
            await asyncio.wait_for(quit_requested, TIMEOUT)
            assert appimage.read_bytes() == PAYLOAD
            assert updates.restart_command == [str(appimage)]
        finally:
            await stop_desk(desk)

    qloop.run_until_complete(scenario())


def test_a_tampered_download_says_so_and_offers_no_restart(
    qloop: qasync.QEventLoop, feed: UpdateFeed, tmp_path: Path
) -> None:
    name = appimage_name(NEW, "x86_64")
    feed.publish(NEW, {name: PAYLOAD})
    (feed.folder / f"v{NEW}" / name).write_bytes(PAYLOAD[:-1] + b"!")
    appimage = tmp_path / "Gemini_Desk.AppImage"
    appimage.write_bytes(b"the running version")

    async def scenario() -> None:
        desk = await _desk(tmp_path / "data", feed, check_updates=False)
        try:
            bar = desk.window.update_bar
            updates = _appimage_controller(desk, feed, tmp_path, appimage)
            checked = signal_future(updates.check_finished)
            updates.check_if_due()
            await asyncio.wait_for(checked, TIMEOUT)
            downloaded = signal_future(updates.download_finished)
            bar.update_button.click()
            assert await asyncio.wait_for(downloaded, TIMEOUT) == ("",)
            assert bar.message.text() == (
                "The downloaded file is not the one that was published. Nothing was installed."
            )
            assert not bar.restart_button.isVisible() and bar.page_button.isVisible()
            assert appimage.read_bytes() == b"the running version"
        finally:
            await stop_desk(desk)

    qloop.run_until_complete(scenario())


def test_the_app_checks_at_start_and_a_packaged_install_only_notifies(
    qloop: qasync.QEventLoop, feed: UpdateFeed, tmp_path: Path
) -> None:
    feed.publish(NEW, {appimage_name(NEW, "x86_64"): PAYLOAD})

    async def scenario() -> None:
        desk = await _desk(tmp_path / "data", feed)
        try:
            bar = desk.window.update_bar
            await wait_until(bar.isVisible, what="the update bar")
            # A run from source (like a .deb, rpm or Flatpak install) is updated by whoever installed it.
            assert "Your package manager installs it." in bar.message.text()
            assert bar.page_button.isVisible() and not bar.update_button.isVisible()
            assert feed.requests == ["/latest.json"]
        finally:
            await stop_desk(desk)

    qloop.run_until_complete(scenario())


@pytest.mark.parametrize(
    ("demo", "settings"),
    [(True, {}), (False, {"check_updates": False}), (False, {"last_update_check": "now"})],
    ids=["demo", "switched-off", "checked-today"],
)
def test_no_check_in_the_demo_when_switched_off_or_already_today(
    qloop: qasync.QEventLoop, feed: UpdateFeed, tmp_path: Path, demo: bool, settings: dict[str, object]
) -> None:
    feed.publish(NEW, {appimage_name(NEW, "x86_64"): PAYLOAD})
    if settings.get("last_update_check") == "now":
        settings = {"last_update_check": time.time() - 60}

    async def scenario() -> None:
        desk = await _desk(tmp_path / "data", feed, demo=demo, **settings)
        try:
            await asyncio.sleep(1.0)  # what a check would take on loopback, many times over
            assert feed.requests == []
            assert not desk.window.update_bar.isVisible()
        finally:
            await stop_desk(desk)

    qloop.run_until_complete(scenario())


def _version() -> str:
    from app import __version__

    return __version__


def test_a_release_notes_link_follows_the_link_safety_rules(
    qloop: qasync.QEventLoop, feed: UpdateFeed, tmp_path: Path
) -> None:
    # The feed is not signed: a link whose text names another host than its target must ask first (Qt's
    # message box opened every link at once, with no question and no scheme filter).
    feed.publish(
        NEW, {appimage_name(NEW, "x86_64"): PAYLOAD}, notes="See [https://github.com/x](http://127.0.0.1:9/x)"
    )
    appimage = tmp_path / "Gemini_Desk.AppImage"
    appimage.write_bytes(b"the running version")

    async def scenario() -> None:
        desk = await _desk(tmp_path / "data", feed, check_updates=False)
        try:
            updates = _appimage_controller(desk, feed, tmp_path, appimage)
            checked = signal_future(updates.check_finished)
            assert updates.check_if_due()
            await asyncio.wait_for(checked, TIMEOUT)
            notes = updates.show_notes()
            assert notes is not None
            label = notes.findChild(QLabel, "qt_msgbox_label")
            assert label is not None and not label.openExternalLinks()
            with recording_opened_urls(["http", "https"]) as opened:
                label.linkActivated.emit("http://127.0.0.1:9/x")
            assert opened.urls == []
            await wait_until(
                lambda: any(w.objectName() == "linkConfirmation" for w in QApplication.topLevelWidgets()),
                what="the question about the link",
            )
            question = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "linkConfirmation")
            assert isinstance(question, QMessageBox) and "https://github.com/x" in question.text()
            question.reject()
            notes.close()
        finally:
            await stop_desk(desk)

    qloop.run_until_complete(scenario())
