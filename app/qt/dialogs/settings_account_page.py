"""The Settings dialog's Account page: what the gateway says about the key (name, quota left, expiry)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.gemini.quota import KeyQuota
from app.qt import quota_texts
from app.qt.dialogs.settings_sections import settings_group
from app.qt.dialogs.welcome_page import muted_label
from app.qt.follows_changes import FollowsLanguageAndTheme


class AccountPage(FollowsLanguageAndTheme, QWidget):
    """Shows the key's quota and expiry as the gateway reports them, with a button to ask again.

    Args:
        parent: The dialog.

    Signals:
        refresh_requested(): The user asked for fresh figures.
    """

    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountTab")
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        card, self._heading, _form = settings_group(self, "quota")
        page.addWidget(card)
        layout = card.layout()
        assert isinstance(layout, QVBoxLayout)  # settings_group's
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("quotaSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary_label)
        self.details = QFormLayout()
        self.details.setObjectName("quotaDetails")
        layout.addLayout(self.details)
        self.note_label = QLabel(
            self.tr(
                "Figures come from the gateway (new-api's /api/usage/token/, or the billing routes of "
                "one-api and older gateways) and are refreshed after replies, at most once a minute."
            ),
            self,
        )
        self.note_label.setWordWrap(True)
        muted_label(self.note_label)
        layout.addWidget(self.note_label)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("refreshQuotaButton")
        self.refresh_button.setAccessibleName(self.tr("Refresh the key's quota"))
        self.refresh_button.clicked.connect(self.refresh_requested)
        layout.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._retranslate()
        self.set_quota(None)

    def _retranslate(self) -> None:
        self._heading.setText(self.tr("The key's quota"))

    def set_quota(self, quota: KeyQuota | None, now: float | None = None) -> None:
        """Show `quota`, or say that the gateway reports none."""
        moment = time.time() if now is None else now
        while self.details.rowCount():
            self.details.removeRow(0)
        if quota is None or not quota.shows_amount:
            self.summary_label.setText(
                self.tr(
                    "This gateway does not report the key's quota (Google's own endpoint and many relays do "
                    "not). Its console shows the balance."
                )
            )
            return
        self.summary_label.setText(quota_texts.status_text(quota, moment))
        for label, value in quota_texts.details(quota, moment):
            field = QLabel(value, self)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(label, field)
