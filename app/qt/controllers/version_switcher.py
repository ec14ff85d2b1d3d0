"""Choosing which version of a message the transcript shows ("‹ n / m ›", or the keyboard)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

from app.core.store.records import Message
from app.core.store.tree import MessageTree
from app.qt.controllers.window_parts import WindowParts


class VersionSwitcher(QObject):
    """Shows another version of a message: the conversation remembers it, the transcript redraws below it.

    Args:
        parts: The window (its transcript's arrows and the version shortcuts), the store and the open
            conversation.
        search_hit: The message the shown search results found in a conversation, if any: picking that
            conversation shows the version holding it.
        end_other_undo: Makes an earlier deletion (of conversations) final: Undo brings back the newest one.
        parent: The owner.
    """

    def __init__(
        self,
        parts: WindowParts,
        search_hit: Callable[[int], int | None],
        end_other_undo: Callable[[], None],
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._search_hit = search_hit
        self._end_other_undo = end_other_undo
        self._chat = parts.chat
        # The version deleted last (its messages, for Undo) until the undo time runs out.
        self._deleted: list[Message] = []
        # The window's undo bar offers one deletion at a time: a version's, or the conversations'.
        self._undo_bar = parts.window.undo_bar
        self._undo_bar.undo_clicked.connect(self.undo_delete)
        self._undo_bar.expired.connect(self._forget_deleted)
        parts.window.transcript.delete_version_requested.connect(self.delete)
        parts.window.undo_requested.connect(self.undo_delete)
        # Deleting a conversation is the newest deletion: Undo brings that back, not an older version.
        parts.window.sidebar.delete_requested.connect(lambda _id: self._forget_deleted())
        parts.window.sidebar.delete_many_requested.connect(lambda _ids: self._forget_deleted())
        self._window = parts.window
        self._store = parts.store
        self._conversation = parts.conversation
        self._alerts = parts.alerts
        parts.window.transcript.version_step_requested.connect(self.step)
        parts.window.last_version_step_requested.connect(self.step_last)
        # After the window controller opened the conversation (it connected first).
        parts.window.sidebar.selected.connect(self._on_conversation_picked)

    def step(self, message_id: int, step: int) -> bool:
        """Show the version ``step`` places after (negative: before) ``message_id``; False if none."""
        return self._step(message_id, step)

    def step_last(self, step: int) -> bool:
        """Step through the versions of the last message of the shown path that has any."""
        return self._step(None, step)

    def _step(self, message_id: int | None, step: int) -> bool:
        conversation_id = self._conversation.current_conversation
        if conversation_id is None:
            return False
        trees: list[MessageTree | None] = []
        if not self._alerts.write(
            lambda: trees.append(self._store.choose_version(conversation_id, message_id, step))
        ):
            return False
        if trees[0] is None:
            return False
        self._conversation.show_path_changes(trees[0])  # the tree the choice read: not read again
        return True

    def _on_conversation_picked(self, conversation_id: int) -> None:
        hit = self._search_hit(conversation_id)
        if hit is None or conversation_id != self._conversation.current_conversation:
            return
        tree = self._store.tree(conversation_id)
        if hit in tree and hit not in tree.selected_path():
            self.show(hit)

    def show(self, message_id: int) -> bool:
        """Show the path through ``message_id`` (a version, or a search hit in any version)."""
        trees: list[MessageTree] = []
        if not self._alerts.write(lambda: trees.append(self._store.choose(message_id))):
            return False
        self._conversation.show_path_changes(trees[0])
        return True

    def delete(self, message_id: int) -> bool:
        """Delete a version with everything that follows it; the undo bar offers it back for a few seconds."""
        conversation_id = self._conversation.current_conversation
        if conversation_id is None:
            return False
        if self._chat.is_streaming(conversation_id):
            self._window.status_line.set_state(self.tr("Stop the answer before deleting a version."))
            return False
        tree = self._store.tree(conversation_id)
        if message_id not in tree or len(tree.versions(message_id)) < 2:
            return False  # the only version: deleting it is not what the link offers
        deleted: list[Message] = []

        def delete() -> None:
            deleted.extend(self._store.delete_version(message_id))

        if not self._alerts.write(delete):
            return False
        self._end_other_undo()
        self._deleted = deleted
        self._conversation.show_path_changes()
        undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self._undo_bar.offer(lambda: self.tr("Version deleted."), undo_keys)
        return True

    def undo_delete(self) -> bool:
        """Bring back the version deleted last, if the undo time has not run out."""
        if not self._deleted:
            return False
        deleted = self._deleted
        if not self._alerts.write(lambda: self._store.restore_messages(deleted)):
            return False
        self._forget_deleted()
        self._undo_bar.withdraw()
        conversation_id = deleted[0].conversation_id
        if conversation_id == self._conversation.current_conversation:
            self._conversation.show_path_changes()
        else:
            self._conversation.open_conversation(conversation_id)
        self._window.status_line.showMessage(self.tr("Version restored."), 3000)
        return True

    def _forget_deleted(self) -> None:
        self._deleted = []
