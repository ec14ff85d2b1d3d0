"""Asking before the API key travels unencrypted: plain ``http://`` to a host other than this computer.

A gateway on this computer (``http://127.0.0.1:3000``, an SSH tunnel) never puts the key on the network, so it
is used without a question, unless a proxy applies: then the request goes to the proxy in clear text. For any
other ``http://`` address a warning comes first, before any connection is made; the key is sent only if the
user agrees, and the answer holds for that address until the app exits.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.gemini.urls import sends_key_in_clear

Action = Callable[[], None]


def _origin(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class PlainHttpGuard(QObject):
    """Holds back requests to plain ``http://`` remote gateways until the user agrees.

    Attributes:
        box: The warning on screen, or None.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._allowed: set[str] = set()
        self._waiting: list[tuple[Action, Action | None]] = []
        self._origin = ""
        self.box: QMessageBox | None = None

    def check(
        self,
        base_url: str,
        window: QWidget,
        proceed: Action,
        refused: Action | None = None,
        *,
        through_proxy: bool = False,
    ) -> bool:
        """Whether requests to ``base_url`` may go ahead now (``through_proxy``: a proxy carries them).

        Returns True when no warning is needed (https, this computer, or the user already agreed). Otherwise a
        warning is shown (one at a time, over ``window``) and False is returned; ``proceed`` runs if the user
        agrees, ``refused`` if not.
        """
        origin = _origin(base_url)
        if not sends_key_in_clear(base_url, through_proxy=through_proxy) or origin in self._allowed:
            return True
        if self.box is not None and self._origin == origin:
            self._waiting.append((proceed, refused))
            return False
        if self.box is not None:
            self.box.reject()  # an older question about another address is moot now
        self._origin = origin
        self._waiting = [(proceed, refused)]
        if sends_key_in_clear(base_url):
            text = self.tr(
                "The gateway address {0} uses plain http://. Your API key and your conversations would cross "
                "the network unencrypted, readable by anyone on the way."
            )
        else:
            text = self.tr(
                "The gateway address {0} uses plain http:// and your requests go through a proxy. Your API "
                "key and your conversations would reach the proxy unencrypted, readable by it and anyone on "
                "the way."
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Unencrypted connection"),
            text.format(origin),
            QMessageBox.StandardButton.NoButton,
            window,
        )
        box.setObjectName("plainHttpWarning")
        # The address is the settings' (an imported file's, a link's): "<title>" in it would hide the warning.
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(self.tr("Use https:// if the gateway supports it. Nothing has been sent yet."))
        send = box.addButton(self.tr("Send unencrypted"), QMessageBox.ButtonRole.AcceptRole)
        send.setObjectName("sendUnencryptedButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _result: self._on_answered(box, box.clickedButton() is send))
        self.box = box
        box.open()  # never exec() inside a coroutine
        return False

    def refusal_message(self, base_url: str) -> str:
        """What the status line says after the user declined."""
        return self.tr("Not connected: the API key was not sent to {0} over plain http://.").format(
            _origin(base_url)
        )

    def _on_answered(self, box: QMessageBox, agreed: bool) -> None:
        if box is not self.box:
            return
        waiting, self._waiting, self.box = self._waiting, [], None
        box.deleteLater()
        if agreed:
            self._allowed.add(self._origin)
        for proceed, refused in waiting:
            if agreed:
                proceed()
            elif refused is not None:
                refused()
