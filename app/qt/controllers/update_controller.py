"""Update checks in the window: the update bar, release notes, a verified download, "Restart to update".

At most one check a day; where the app updates itself, the file downloads in the background and is
verified before the restart is offered.

Built by the composition root only when checks are allowed (never with ``--demo``, never in tests, and
only while the Settings switch is on). Nothing is installed until the user chooses the restart; then
``restart_command`` is what the app starts once it has closed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMessageBox

from app.core.updates.checker import UpdateChecker, UpdateOffer
from app.core.updates.errors import UpdateError, UpdateProblem
from app.core.updates.install import InstallFailed, prepare_restart
from app.core.updates.schedule import is_check_due
from app.qt.widgets.link_opener import LinkOpener, markdown_link_text
from app.qt.widgets.update_bar import UpdateBar

_log = logging.getLogger(__name__)


class UpdateController(QObject):
    """Runs the checks and the download, and drives the update bar.

    Args:
        bar: The window's update bar.
        checker: Finds and downloads releases for this install.
        last_check: When the previous check ran (Unix time), or None.
        remember_check: Saves the time of a check (the settings).
        environ: The process environment (``APPIMAGE``).
        clock: The current Unix time.
    """

    # The user chose "Restart to update": close the app; ``restart_command`` starts the new version.
    quit_requested = Signal()
    # A check finished: the offer, or None when this copy is the newest (tests wait for it).
    check_finished = Signal(object)
    # A download ended: the verified file's path, or "" when it failed.
    download_finished = Signal(str)

    def __init__(
        self,
        bar: UpdateBar,
        checker: UpdateChecker,
        *,
        last_check: float | None,
        remember_check: Callable[[float], None],
        environ: Mapping[str, str],
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bar = bar
        self._checker = checker
        self._last_check = last_check
        self._remember_check = remember_check
        self._environ = environ
        self._clock = clock
        self._offer: UpdateOffer | None = None
        self._staged: Path | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._notes_box: QMessageBox | None = None
        self.restart_command: list[str] = []
        bar.notes_requested.connect(self.show_notes)
        bar.update_requested.connect(lambda: self._spawn(self.download()))
        bar.page_requested.connect(self._open_page)
        bar.restart_requested.connect(self.restart)
        bar.dismissed.connect(bar.hide)

    def start_daily(self) -> None:
        """Check now if due, then look again every hour (an app left open for days still checks daily)."""
        from PySide6.QtCore import QTimer

        self._timer = QTimer(self)
        self._timer.setInterval(60 * 60 * 1000)
        self._timer.timeout.connect(self.check_if_due)
        self._timer.start()
        self.check_if_due()

    def check_if_due(self) -> bool:
        """Start a check in the background if none ran in the last 24 hours; True if one started."""
        if not is_check_due(self._last_check, self._clock()):
            return False
        self._spawn(self.check())
        return True

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def check(self) -> None:
        """Ask the feed once; show the bar when a newer version exists. Failures stay quiet (logged)."""
        now = self._clock()
        self._last_check = now
        try:
            self._remember_check(now)
        except OSError as error:
            _log.warning("could not save the update check time: %s", error)
        try:
            offer = await self._checker.check()
        except UpdateError as error:
            _log.info("update check failed: %s", error)
            offer = None
        self._offer = offer
        if offer is not None:
            self._bar.show_available(
                partial(self._available_text, offer), updates_itself=offer.file_name is not None
            )
        self.check_finished.emit(offer)

    async def download(self) -> None:
        """Download and verify the offered file in the background, showing progress; never install it."""
        offer = self._offer
        if offer is None:
            return
        version = str(offer.release.version)
        self._bar.show_progress(lambda: self.tr("Downloading Gemini Desk {0}…").format(version), 0, 0)

        def progress(received: int, total: int) -> None:
            percent = received * 100 // max(total, 1)
            self._bar.show_progress(
                lambda: self.tr("Downloading Gemini Desk {0}…").format(version) + f" {percent} %",
                received,
                total,
            )

        try:
            self._staged = await self._checker.download(offer, progress)
        except UpdateError as error:
            _log.warning("update download failed: %s", error)
            self._bar.show_failed(partial(self._problem_text, error.problem))
            self.download_finished.emit("")
            return
        self._bar.show_ready(lambda: self.tr("Gemini Desk {0} is downloaded and verified.").format(version))
        self.download_finished.emit(str(self._staged))

    def _available_text(self, offer: UpdateOffer) -> str:
        text = self.tr("Gemini Desk {0} is available (you have {1}).").format(
            offer.release.version, _current_version()
        )
        if offer.file_name is None and not self._checker.kind.updates_itself:
            text += " " + self.tr("Your package manager installs it.")
        return text

    def _problem_text(self, problem: UpdateProblem) -> str:
        nothing = self.tr("Nothing was installed.")
        reasons = {
            UpdateProblem.UNREACHABLE: self.tr("The update could not be downloaded."),
            UpdateProblem.TAMPERED: self.tr("The downloaded file is not the one that was published."),
            UpdateProblem.NOT_SIGNED: self.tr("The update is not signed by the Gemini Desk developers."),
            UpdateProblem.EXPIRED: self.tr("The update information is out of date."),
            UpdateProblem.ROLLBACK: self.tr("The update information is older than what this app has seen."),
            UpdateProblem.TOO_LARGE: self.tr("The update is larger than any release can be."),
        }
        reason = reasons.get(problem, self.tr("The update could not be verified."))
        return f"{reason} {nothing}"

    def show_notes(self) -> QMessageBox | None:
        """Show the release notes (Markdown from the feed) in a window that does not block."""
        if self._offer is None:
            return None
        release = self._offer.release
        box = QMessageBox(self._bar.window())
        box.setObjectName("releaseNotes")
        box.setWindowTitle(release.title)
        box.setIcon(QMessageBox.Icon.Information)
        box.setTextFormat(Qt.TextFormat.MarkdownText)
        box.setText(release.notes or self.tr("This release has no notes."))
        # The feed is not signed (only the download is): its links follow the answers' rules.
        label = box.findChild(QLabel, "qt_msgbox_label")
        if label is not None:
            label.setOpenExternalLinks(False)
            opener = LinkOpener(box)
            notes = box.text()
            label.linkActivated.connect(lambda href: opener.open(QUrl(href), markdown_link_text(notes, href)))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._notes_box = box
        box.open()
        return box

    def _open_page(self) -> None:
        if self._offer is not None and self._offer.release.page_url:
            QDesktopServices.openUrl(QUrl(self._offer.release.page_url))

    def restart(self) -> None:
        """Put the verified update in place and ask the app to close; the new version starts after it."""
        if self._staged is None:
            return
        executable = Path(sys.executable)
        try:
            self.restart_command = prepare_restart(
                self._checker.kind,
                self._staged,
                executable=executable,
                environ=self._environ,
                pid=os.getpid(),
            )
        except InstallFailed as error:
            _log.warning("could not install the update: %s", error)
            reason = str(error)
            self._bar.show_failed(lambda: self.tr("The update could not be installed: {0}").format(reason))
            return
        self.quit_requested.emit()

    async def aclose(self) -> None:
        """Stop a check or download in progress (a partial download is discarded by the verifier)."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=2.0)


def _current_version() -> str:
    from app import __version__

    return __version__
