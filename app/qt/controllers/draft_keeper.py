"""Keeping what the composer holds: each conversation's draft and unsent files, and a message's edit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer

from app.core.chat.attachments import Attachment
from app.core.store.db import StoreError
from app.qt.controllers.window_parts import WindowParts

DRAFT_SAVE_DELAY_MS = 1000


class DraftKeeper(QObject):
    """Writes the composer's text as the open conversation's draft, and swaps drafts on a switch.

    While a sent message is edited, the composer holds the edit; the draft is what it held before, which
    comes back when the edit is sent or cancelled.

    Args:
        parts: The composer, the store drafts are written to, the open conversation, and what a conversation
            started to hold a draft at quit begins with.
        parent: The owner.
    """

    def __init__(self, parts: WindowParts, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._composer = parts.window.composer
        self._store = parts.store
        self._conversation = parts.conversation
        self._defaults = parts.defaults
        self._alerts = parts.alerts
        #: The sent message being edited, or None.
        self.editing_message: int | None = None
        # What the composer held when editing began: it is the draft while editing, and comes back after.
        self._draft_before_edit = ""
        self._attachments_before_edit: list[Attachment] = []
        # Files attached but not yet sent, per conversation (kept in memory only, like an open tab).
        self._unsent_attachments: dict[int, list[Attachment]] = {}
        # The draft is written a moment after typing stops, so a crash loses at most that moment of typing.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._composer.editor.textChanged.connect(self._timer.start)

    def save(self) -> None:
        """Write the open conversation's draft now, if it changed."""
        self._timer.stop()
        current = self._conversation.current_conversation
        if current is None:
            return
        conversation = self._store.get(current)
        text = self._composer.text() if self.editing_message is None else self._draft_before_edit
        if conversation is not None and conversation.deleted_at is None and conversation.draft != text:
            try:
                self._store.set_draft(current, text)
            except StoreError as error:
                self._alerts.report(error)

    def save_at_quit(self) -> None:
        """Save the draft; with no conversation open, start one to hold typed text for the next start."""
        text = self._composer.text()
        if self._conversation.current_conversation is None and text.strip():
            try:
                conversation = self._store.create("", self._defaults.model, self._defaults.settings)
                self._store.set_draft(conversation.id, text)
            except StoreError as error:
                self._alerts.report(error)
            return
        self.save()

    def switch(self, old: int | None, new: int) -> None:
        """Leave ``old`` for ``new``: each keeps its unsent attachments; an edit in progress is dropped."""
        # While editing, the composer shows the edited message's files: the unsent ones are those from before.
        editing = self.editing_message is not None
        pending = self._attachments_before_edit if editing else self._composer.attachments()
        self.editing_message = None
        self._composer.set_editing(False)
        self._draft_before_edit = ""
        self._attachments_before_edit = []
        if old is None:
            return  # files attached before any conversation existed go to the one being opened
        if pending:
            self._unsent_attachments[old] = pending
        else:
            self._unsent_attachments.pop(old, None)
        self._composer.restore_attachments(self._unsent_attachments.pop(new, []))

    @property
    def draft_before_edit(self) -> str:
        """What the composer held when the edit began: it comes back after the edit."""
        return self._draft_before_edit

    def begin_edit(self, message_id: int, attachments: Sequence[Attachment] = ()) -> None:
        """Edit a sent message in the composer, showing its ``attachments``; what it held comes back after."""
        if self.editing_message is None:
            self._draft_before_edit = self._composer.text()
            self._attachments_before_edit = self._composer.attachments()
        self.editing_message = message_id
        self._composer.restore_attachments(attachments)
        self._composer.set_editing(True)

    def end_edit(self) -> str:
        """Leave editing; return the draft to show again (empty when nothing was being edited).

        The files the composer held before the edit are shown again.
        """
        draft, self._draft_before_edit = self._draft_before_edit, ""
        if self.editing_message is not None:
            self._composer.restore_attachments(self._attachments_before_edit)
        self._attachments_before_edit = []
        self.editing_message = None
        self._composer.set_editing(False)
        return draft
