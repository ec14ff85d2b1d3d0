"""The bar above the message box that says a new version exists, downloads it, and offers the restart."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme


class UpdateBar(FollowsLanguageAndTheme, QFrame):
    """A passive bar: the controller says what to show; the buttons only emit signals.

    States: *available* (with "Release notes", then "Update" where the app updates itself, or "Open the
    release page" where a package manager does), *downloading* (a progress bar), *ready* ("Restart to
    update") and *failed* (the reason, and the release page).
    """

    notes_requested = Signal()
    update_requested = Signal()
    page_requested = Signal()
    restart_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updateBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self)
        self.message.setObjectName("updateMessage")
        self.message.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("updateProgress")
        self.progress.setMaximumWidth(220)
        self.notes_button = self._button("updateNotesButton", self.notes_requested)
        self.update_button = self._button("updateButton", self.update_requested)
        self.page_button = self._button("updatePageButton", self.page_requested)
        self.restart_button = self._button("restartToUpdateButton", self.restart_requested)
        self.later_button = self._button("updateLaterButton", self.dismissed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.progress)
        for button in (
            self.notes_button,
            self.update_button,
            self.page_button,
            self.restart_button,
            self.later_button,
        ):
            layout.addWidget(button)
        self._wording: Callable[[], str] = str
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("Update"))
        self.notes_button.setText(self.tr("Release notes"))
        self.update_button.setText(self.tr("Update"))
        self.page_button.setText(self.tr("Open the release page"))
        self.restart_button.setText(self.tr("Restart to update"))
        self.later_button.setText(self.tr("Later"))
        self._word_message()

    def _word_message(self) -> None:
        text = self._wording()
        self.message.setText(text)
        self.message.setAccessibleName(text)

    def _button(self, name: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(signal.emit)
        return button

    def _show(
        self,
        wording: Callable[[], str],
        *,
        notes: bool,
        update: bool,
        page: bool,
        restart: bool,
        progress: bool,
    ) -> None:
        self._wording = wording
        self._word_message()
        self.notes_button.setVisible(notes)
        self.update_button.setVisible(update)
        self.page_button.setVisible(page)
        self.restart_button.setVisible(restart)
        self.progress.setVisible(progress)
        self.later_button.setVisible(not progress)
        self.show()

    def show_available(self, wording: Callable[[], str], *, updates_itself: bool) -> None:
        """A newer version exists: notes, and Update (or the release page where a package manager updates).

        Every ``wording`` words the bar's message in the current language; it is asked again when the
        language changes while the bar is shown.
        """
        self._show(
            wording, notes=True, update=updates_itself, page=not updates_itself, restart=False, progress=False
        )

    def show_progress(self, wording: Callable[[], str], received: int, total: int) -> None:
        """The download is under way: ``received`` of ``total`` bytes."""
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(received, max(total, 1)))
        self._show(wording, notes=True, update=False, page=False, restart=False, progress=True)

    def show_ready(self, wording: Callable[[], str]) -> None:
        """The verified update is waiting: offer the restart."""
        self._show(wording, notes=True, update=False, page=False, restart=True, progress=False)
        self.restart_button.setDefault(True)

    def show_failed(self, wording: Callable[[], str]) -> None:
        """The download or its verification failed: say why, and offer the release page."""
        self._show(wording, notes=True, update=False, page=True, restart=False, progress=False)
