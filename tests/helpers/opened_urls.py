"""Recording what the app asks the desktop to open, so that no browser starts during tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices


class OpenedUrls(QObject):
    """Receives what ``QDesktopServices.openUrl`` would have opened."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@contextmanager
def recording_opened_urls(schemes: Sequence[str]) -> Iterator[OpenedUrls]:
    """While active, every ``openUrl`` of one of ``schemes`` is recorded instead of opened."""
    recorder = OpenedUrls()
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, recorder, "open")  # type: ignore[arg-type]  # takes a str
    try:
        yield recorder
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)
