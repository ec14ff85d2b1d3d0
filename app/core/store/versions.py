"""A conversation's versions: its tree of messages, the path it shows, and deleting or restoring a version.

Each message has a parent; siblings are versions of one another. ``chosen_rank`` records which child each
fork shows (the highest rank wins), so a choice is one cheap UPDATE of the forks that change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Protocol

from app.core.store.db import Database, RecordNotFoundError
from app.core.store.records import Message
from app.core.store.rows import MESSAGE_COLUMNS, Unset, dump_json, storable_text
from app.core.store.tree import MessageTree

__all__ = ["IDS_PER_QUERY", "MessageVersions", "read_tree", "resolve_parent", "select_line"]

# Ids per "IN (...)" query: far below SQLite's variable limit on every version the app runs with.
IDS_PER_QUERY = 500


class _Store(Protocol):
    """What the versions need of the store they are part of (``ConversationStore``)."""

    _db: Database
    _clock: Callable[[], float]

    def messages_by_id(self, message_ids: Sequence[int]) -> list[Message]: ...

    def _require_message(self, message_id: int) -> Message: ...

    def _touch(self, conn: sqlite3.Connection, conversation_id: int, now: float) -> None: ...

    def choose(self, message_id: int, *, show: bool = True) -> MessageTree: ...

    def tree(self, conversation_id: int) -> MessageTree: ...


class MessageVersions:
    """The version operations of ``ConversationStore`` (a mixin: it has no state of its own)."""

    def tree(self: _Store, conversation_id: int) -> MessageTree:
        """The shape of a conversation's tree of messages (read from an index, no message content)."""
        with self._db.translate_errors():
            return read_tree(self._db.connection, conversation_id)

    def path_to(self: _Store, message_id: int) -> list[Message]:
        """The messages from the first one down to ``message_id`` (inclusive): the history it answers.

        Raises:
            RecordNotFoundError: The message does not exist.
        """
        row = self._db.execute("SELECT conversation_id FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:  # (not the whole message: it is read once, below, with the others)
            raise RecordNotFoundError(f"Message {message_id} does not exist.")
        return self.messages_by_id(self.tree(row[0]).ancestry(message_id))

    def choose(self: _Store, message_id: int, *, show: bool = True) -> MessageTree:
        """Select a version: the shown path will run through ``message_id`` (and its selected children).

        Every ancestor is selected too, so a search hit deep in an unselected branch opens that branch.
        With ``show`` False only ``message_id``'s own fork changes (a choice made by the app, such as the
        first of several answers to finish, must not take the user off the path they switched to).

        Returns:
            The conversation's tree as it now stands (read in the same transaction: a redraw needs no other).

        Raises:
            RecordNotFoundError: The message does not exist.
        """
        row = self._db.execute("SELECT conversation_id FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:  # (only its conversation is needed: not the whole message, parts and all)
            raise RecordNotFoundError(f"Message {message_id} does not exist.")
        with self._db.transaction() as conn:
            tree = read_tree(conn, row[0])
            return _select(conn, row[0], tree, tree.ancestry(message_id) if show else [message_id])

    def choose_version(
        self: _Store, conversation_id: int, message_id: int | None, step: int
    ) -> MessageTree | None:
        """Select the version ``step`` places after (negative: before) ``message_id`` among its siblings.

        ``message_id`` None: the last message of the shown path that has versions. The tree is read once,
        in the same transaction as the choice (a switch is the user waiting for the transcript).

        Returns:
            The conversation's tree as it now stands, or None when there is no such version (nothing changed).
        """
        with self._db.transaction() as conn:
            tree = read_tree(conn, conversation_id)
            target = tree.version_step(message_id, step)
            return None if target is None else _select(conn, conversation_id, tree, tree.ancestry(target))

    def delete_version(self: _Store, message_id: int) -> list[Message]:
        """Delete a message and everything that follows it in the tree (its subtree, every version).

        The parent's selection falls to the most recently chosen remaining sibling.

        Returns:
            The deleted messages, parents before their children, for :meth:`restore_messages` (Undo).

        Raises:
            RecordNotFoundError: The message does not exist.
        """
        message = self._require_message(message_id)
        now = self._clock()
        with self._db.transaction() as conn:
            ids = read_tree(conn, message.conversation_id).subtree(message_id)
            deleted = self.messages_by_id(ids)
            for start in range(0, len(ids), IDS_PER_QUERY):
                chunk = ids[start : start + IDS_PER_QUERY]
                conn.execute(f"DELETE FROM messages WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            self._touch(conn, message.conversation_id, now)
        return deleted

    def restore_messages(self: _Store, messages: Sequence[Message]) -> None:
        """Put back messages :meth:`delete_version` removed (Undo), with their ids, and select the first.

        Positions are kept unless a newer message took one; then the restored messages follow the newest,
        in their old order.

        Raises:
            RecordNotFoundError: The conversation is gone.
        """
        if not messages:
            return
        conversation_id = messages[0].conversation_id
        now = self._clock()
        with self._db.transaction() as conn:
            if (
                conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
                is None
            ):
                raise RecordNotFoundError(f"Conversation {conversation_id} does not exist.")
            (top,) = conn.execute(
                "SELECT coalesce(max(position), -1) FROM messages WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()
            ordered = sorted(messages, key=lambda m: m.position)
            taken = {
                row[0]
                for row in conn.execute(
                    "SELECT position FROM messages WHERE conversation_id = ?", (conversation_id,)
                )
            }
            clash = any(m.position in taken for m in ordered)
            conn.executemany(
                f"INSERT INTO messages ({MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        m.id,
                        conversation_id,
                        top + 1 + index if clash else m.position,
                        m.role,
                        m.status,
                        m.created_at,
                        m.updated_at,
                        storable_text(m.text),
                        None if m.error is None else dump_json(m.error),
                        dump_json(m.meta),
                        dump_json(m.parts),
                        m.parent_id,
                    )
                    for index, m in enumerate(ordered)
                ],
            )
            self._touch(conn, conversation_id, now)
        self.choose(messages[0].id)


def _select(
    conn: sqlite3.Connection, conversation_id: int, tree: MessageTree, line: list[int]
) -> MessageTree:
    """Select the messages of ``line`` with the conversation's next rank; return ``tree`` after the choice."""
    (rank,) = conn.execute(
        "SELECT coalesce(max(chosen_rank), 0) + 1 FROM messages WHERE conversation_id = ?", (conversation_id,)
    ).fetchone()
    select_line(conn, tree, line, rank)
    return tree.with_selected(line)


def select_line(conn: sqlite3.Connection, tree: MessageTree, line: list[int], rank: int) -> None:
    """Give ``rank`` to the messages of ``line`` (a path from the top) not selected yet at their fork."""
    # Only the forks that change are written: a deep path selects one or two messages, not thousands.
    changed = [(rank, i) for i in line if tree.selected_child(tree.parent(i)) != i]
    conn.executemany("UPDATE messages SET chosen_rank = ? WHERE id = ?", changed)


def read_tree(conn: sqlite3.Connection, conversation_id: int) -> MessageTree:
    """The shape of a conversation's tree of messages, read on ``conn`` (inside a transaction, if any)."""
    # Covered by the messages_tree index: no row (and no megabyte of parts_json) is read.
    rows = conn.execute(
        "SELECT id, parent_id, chosen_rank, position FROM messages WHERE conversation_id = ?",
        (conversation_id,),
    ).fetchall()
    return MessageTree.of(rows)


def resolve_parent(
    conn: sqlite3.Connection, conversation_id: int, parent_id: int | Unset | None, rank: int
) -> tuple[int | None, bool]:
    """The parent of a message about to be added with ``rank``, and whether the path down to it is shown.

    Args:
        conn: The connection, inside the adding transaction.
        conversation_id: The conversation.
        parent_id: Unset for the end of the shown path, None for a first message, else a message's id.
        rank: The rank the new message gets (one above the conversation's highest).

    Raises:
        RecordNotFoundError: ``parent_id`` is not one of the conversation's messages.
    """
    if isinstance(parent_id, Unset):
        path = read_tree(conn, conversation_id).selected_path()
        return (path[-1] if path else None), True
    if parent_id is None:
        return None, True
    row = conn.execute(
        "SELECT chosen_rank FROM messages WHERE id = ? AND conversation_id = ?", (parent_id, conversation_id)
    ).fetchone()
    if row is None:
        raise RecordNotFoundError(f"Message {parent_id} is not in conversation {conversation_id}.")
    # The path down to the parent is shown already when the parent holds the highest rank (it was added or
    # chosen last): the common case, which needs no look at the whole tree.
    return parent_id, row[0] == rank - 1
