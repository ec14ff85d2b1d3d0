"""The status line: connection state, reply figures, the key's quota, and whether the key is in a file."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QStatusBar, QWidget

from app.core.chat.display import usage_line
from app.core.gemini.quota import KeyQuota
from app.core.link_safety import APP_SCHEMES, ascii_address
from app.core.visible_text import reveal_invisible
from app.qt import quota_texts
from app.qt.plain_text import shown_literally
from app.qt.render.display_labels import display_labels
from app.qt.widgets.eliding_label import ElidingLabel

# The least room, in average characters, the state and the reply figures keep on a crowded line.
_STATE_LEAST_CHARS = 14
_FIGURES_LEAST_CHARS = 10
#: The most of the line's width the reply figures take.
_FIGURES_SHARE = 0.45


class StatusLine(QStatusBar):
    """Shows the connection state on the left and the last reply's timing and usage on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        # Both show outside data (gateway messages, model ids): plain text. When the line is short of room
        # (800 px, Chinese, a quota warning and the key file marker beside them) both end in "…" rather than
        # widen the window past the screen or squeeze the state to nothing; their tooltips hold all of it. The
        # figures (shown in full under the answer too) take at most a share of the line.
        self.state_label = ElidingLabel(self, least_chars=_STATE_LEAST_CHARS)
        self.state_label.setObjectName("connectionState")
        self.figures_label = ElidingLabel(self, least_chars=_FIGURES_LEAST_CHARS)
        self.figures_label.setObjectName("replyFigures")
        # Visible for as long as the key is kept in the key file the user chose (docs/SECURITY.md).
        self.key_file_label = QLabel(self)
        self.key_file_label.setObjectName("keyFileIndicator")
        self.key_file_label.setFrameShape(QFrame.Shape.StyledPanel)  # set apart from the reply figures
        self.key_file_label.setContentsMargins(6, 0, 6, 0)
        self.key_file_label.hide()
        self.quota_label = QLabel(self)
        self.quota_label.setObjectName("quotaFigure")
        self.quota_label.setVisible(False)
        # What the key file and quota labels show, worded again on a change of language.
        self._key_file: str | None = None
        self._state_wording: Callable[[], str] | None = None
        self._state_details: str | Callable[[], str] = ""
        # The shown reply's stored metadata: its figures are worded again in a new language.
        self._figures: dict[str, Any] = {}
        self._quota: tuple[KeyQuota | None, float | None] = (None, None)
        self._retranslate()
        self.addWidget(self.state_label, 1)
        self.addPermanentWidget(self.figures_label)
        self.addPermanentWidget(self.quota_label)
        self.addPermanentWidget(self.key_file_label)

    def set_state(self, text: str | Callable[[], str], details: str | Callable[[], str] = "") -> None:
        """Describe the connection (``Connected to …``, ``Streaming…``, ``Retrying in 2 s…``).

        Args:
            text: The state, or a wording that gives it in the current language: a wording is asked again
                when the language changes while it is shown (a text is replaced by whoever set it).
            details: More, for the tooltip (several models answering: one line per model); also a wording.
        """
        self._state_wording = text if callable(text) else None
        self._state_details = details
        self._show_state(text() if callable(text) else text, details() if callable(details) else details)

    def _show_state(self, text: str, details: str) -> None:
        self.state_label.setText(text)
        self.state_label.setAccessibleName(text)
        # The whole text (a long one is elided on the line), then the details; literally (outside text).
        tip = "\n".join(part for part in (text, details) if part)
        self.state_label.setToolTip(shown_literally(tip) if tip else "")

    def show_link_target(self, url: QUrl) -> None:
        """While the pointer is on a link, show its real target (an empty URL: it left the link).

        The app's own links (an image's Copy, a code block's Copy: ``gd-action:copy-image/m8-p0``) are
        actions, not places: their internal address means nothing to a reader and is not shown.
        """
        if url.isEmpty() or url.scheme() in APP_SCHEMES:
            self.clearMessage()
        else:
            # The host as the DNS reads it: Qt shows "xn--ggle-55da.com" as a Cyrillic "gооgle.com".
            self.showMessage(reveal_invisible(ascii_address(url.toString())))

    def show_key_file(self, path: str | None) -> None:
        """Show that the API key is kept in the file ``path`` (None: it is not)."""
        self._key_file = path
        self.key_file_label.setVisible(path is not None)
        if path is not None:
            tip = self.tr(
                "Your API key is stored in {0}, readable only by your user account (less safe than a "
                "keyring)."
            ).format(path)
            self.key_file_label.setToolTip(tip)
            self.key_file_label.setAccessibleDescription(tip)

    def show_reply_figures(self, meta: dict[str, Any]) -> None:
        """Show usage, time to first token and tokens per second from a reply's stored metadata."""
        self._figures = meta
        self.figures_label.setText(self.describe_figures(meta))
        self.figures_label.setAccessibleDescription(self.figures_label.text())
        self.figures_label.setToolTip(shown_literally(self.figures_label.text()))

    def describe_figures(self, meta: dict[str, Any]) -> str:
        """The figures of a reply as one line of text, exactly as the transcript shows them under it."""
        return usage_line(meta, labels=display_labels())

    def show_quota(self, quota: KeyQuota | None, now: float | None = None) -> None:
        """Show the key's remaining quota quietly, as a warning when low or expired; hide it when unknown."""
        self._quota = (quota, now)
        moment = time.time() if now is None else now
        text = quota_texts.status_text(quota, moment)
        warning = quota is not None and (quota.low or quota.expired(moment))
        self.quota_label.setText(text)
        self.quota_label.setVisible(bool(text))
        # The key's name is the gateway's: shown as written, never read as HTML.
        tip = quota_texts.tooltip(quota, moment) if quota is not None and text else ""
        self.quota_label.setToolTip(shown_literally(tip) if tip else "")
        self.quota_label.setAccessibleDescription(text)
        self.quota_label.setProperty("warning", warning)
        font = self.quota_label.font()
        font.setBold(warning)
        self.quota_label.setFont(font)
        self._colour_quota()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the reply figures to their share of the new width."""
        super().resizeEvent(event)
        least = self.figures_label.minimumSizeHint().width()
        self.figures_label.setMaximumWidth(max(least, round(event.size().width() * _FIGURES_SHARE)))

    def changeEvent(self, event: QEvent) -> None:
        """Re-colour the quota warning for a new theme; speak a newly chosen language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_quota()
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self._state_wording is not None:
                details = self._state_details
                self._show_state(self._state_wording(), details() if callable(details) else details)
            self.show_reply_figures(self._figures)
            self.show_key_file(self._key_file)
            if self.quota_label.isVisibleTo(self):
                self.show_quota(*self._quota)

    def _retranslate(self) -> None:
        self.key_file_label.setText(self.tr("Key in file"))
        # Screen readers hear a change of these names (Qt sends NameChanged), so the state is announced.
        self.setAccessibleName(self.tr("Status"))
        self.state_label.setAccessibleDescription(self.tr("Connection and reply status"))
        self.figures_label.setAccessibleName(self.tr("Reply figures"))
        self.quota_label.setAccessibleName(self.tr("Key quota"))

    def _colour_quota(self) -> None:
        if not self.quota_label.property("warning"):
            self.quota_label.setStyleSheet("")
            return
        # A warm red that reads on both the light and the dark palette.
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        # The weight is in the sheet too: under the app's style sheet, a widget's own sheet sets its font.
        colour = "#ff8a65" if dark else "#b3261e"
        self.quota_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
