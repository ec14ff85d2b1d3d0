"""Choosing which version of a message the transcript shows ("‹ n / m ›", or the keyboard)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from app.core.store.tree import MessageTree
from app.qt.controllers.window_parts import WindowParts


class VersionSwitcher(QObject):
    """Shows another version of a message: the conversation remembers it, the transcript redraws below it.

    Args:
        parts: The window (its transcript's arrows and the version shortcuts), the store and the open
            conversation.
        search_hit: The message the shown search results found in a conversation, if any: picking that
            conversation shows the version holding it.
        parent: The owner.
    """

    def __init__(
        self, parts: WindowParts, search_hit: Callable[[int], int | None], *, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._search_hit = search_hit
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
        conversation_id = self._conversation.current_conversation
        if conversation_id is None:
            return False
        tree = self._store.tree(conversation_id)
        return message_id in tree and self._step(tree, message_id, step)

    def step_last(self, step: int) -> bool:
        """Step through the versions of the last message of the shown path that has any."""
        conversation_id = self._conversation.current_conversation
        if conversation_id is None:
            return False
        tree = self._store.tree(conversation_id)
        forks = [m for m in tree.selected_path() if len(tree.versions(m)) > 1]
        return bool(forks) and self._step(tree, forks[-1], step)

    def _step(self, tree: MessageTree, message_id: int, step: int) -> bool:
        versions = tree.versions(message_id)
        index = versions.index(message_id) + step
        return 0 <= index < len(versions) and self.show(versions[index])

    def _on_conversation_picked(self, conversation_id: int) -> None:
        hit = self._search_hit(conversation_id)
        if hit is None or conversation_id != self._conversation.current_conversation:
            return
        tree = self._store.tree(conversation_id)
        if hit in tree and hit not in tree.selected_path():
            self.show(hit)

    def show(self, message_id: int) -> bool:
        """Show the path through ``message_id`` (a version, or a search hit in any version)."""
        if not self._alerts.write(lambda: self._store.choose(message_id)):
            return False
        self._conversation.show_path_changes()
        return True
