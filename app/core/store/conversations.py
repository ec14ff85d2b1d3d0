"""Conversations and their messages: create, list, edit, soft-delete, and persist streaming replies.

Timestamps are Unix seconds from an injectable clock. ``updated_at`` of a conversation means *last activity*:
adding, finishing, editing or deleting messages bumps it; renaming, pinning, drafts, model and settings
changes do not (they would reorder the list while the user merely tidies it). Checkpoints of a streaming
reply do not bump it either: adding the reply already moved the conversation to the top, and a checkpoint
must stay a single cheap UPDATE.
"""

from __future__ import annotations

import builtins
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from app.core.store.db import Database, RecordNotFoundError
from app.core.store.records import FINAL_STATUSES, ROLES, Conversation, Message, MessageStatus, Role
from app.core.store.rows import (
    CONVERSATION_COLUMNS,
    LIST_ORDER,
    MESSAGE_COLUMNS,
    UNSET,
    Unset,
    check_status,
    dump_json,
    row_to_conversation,
    row_to_message,
    storable_text,
)
from app.core.store.settings_sweep import SettingsSweep
from app.core.store.versions import IDS_PER_QUERY, MessageVersions, read_tree, resolve_parent, select_line

__all__ = ["ConversationStore", "worker_store"]


class ConversationStore(MessageVersions, SettingsSweep):
    """Conversations and messages in a :class:`~app.core.store.db.Database`.

    Versions (a conversation's tree of messages, the shown path, deleting and restoring a version) are
    :class:`~app.core.store.versions.MessageVersions`; settings changed everywhere are ``SettingsSweep``.

    Args:
        db: The open database.
        clock: Returns the current time in Unix seconds (injectable for tests).
    """

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    # --- conversations ------------------------------------------------------------------------------------

    def create(
        self,
        title: str = "",
        model: str = "",
        settings: Mapping[str, Any] | None = None,
        *,
        title_is_auto: bool = True,
        uid: str | None = None,
    ) -> Conversation:
        """Create a conversation.

        Args:
            title: The initial title ("" until one is generated).
            model: The model id.
            settings: Per-conversation generation settings (a JSON object).
            title_is_auto: Whether the title may still be replaced by a generated one.
            uid: The stable id to keep (an imported conversation's); None makes a new one.

        Returns:
            The new conversation.
        """
        now = self._clock()
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO conversations"
                " (title, title_is_auto, model, created_at, updated_at, settings_json, uid)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    storable_text(title),
                    int(title_is_auto),
                    model,
                    now,
                    now,
                    dump_json(dict(settings or {})),
                    uid,
                ),
            )
            conversation_id = cast(int, cursor.lastrowid)
        return self._require(conversation_id)

    def get(self, conversation_id: int) -> Conversation | None:
        """Return the conversation (soft-deleted ones too, see ``deleted_at``), or None if there is none."""
        row = self._db.execute(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        return None if row is None else row_to_conversation(row)

    def ids_by_uid(self, uids: Iterable[str], *, include_deleted: bool = False) -> dict[str, int]:
        """Return ``{uid: id}`` for those of the given stable ids that this database holds.

        Args:
            uids: Stable ids (:attr:`Conversation.uid`); empty ones are ignored.
            include_deleted: Also match soft-deleted conversations (a uid is unique among all rows).
        """
        visible = "" if include_deleted else " AND deleted_at IS NULL"
        found: dict[str, int] = {}
        wanted = [uid for uid in dict.fromkeys(uids) if uid]
        for start in range(0, len(wanted), 500):  # below SQLite's limit on bound parameters
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT uid, id FROM conversations WHERE uid IN ({marks}){visible}", tuple(chunk)
            ).fetchall()
            found.update({uid: conversation_id for uid, conversation_id in rows})
        return found

    def list(self, limit: int = 100, offset: int = 0) -> builtins.list[Conversation]:
        """Return one page of visible conversations: pinned first, then the most recent activity first.

        Args:
            limit: Page size.
            offset: Number of conversations to skip.
        """
        rows = self._db.execute(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE deleted_at IS NULL {LIST_ORDER}"
            " LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return [row_to_conversation(row) for row in rows]

    def list_ids(self) -> builtins.list[int]:
        """Return the ids of all visible conversations in list order (for a lazily loading list model)."""
        rows = self._db.execute(
            f"SELECT id FROM conversations WHERE deleted_at IS NULL {LIST_ORDER}"
        ).fetchall()
        return [row[0] for row in rows]

    def list_order(self) -> builtins.list[tuple[int, bool, float]]:
        """``(id, pinned, updated_at)`` of all visible conversations in list order (for date groups)."""
        rows = self._db.execute(
            f"SELECT id, pinned, updated_at FROM conversations WHERE deleted_at IS NULL {LIST_ORDER}"
        ).fetchall()
        return [(int(row[0]), bool(row[1]), float(row[2])) for row in rows]

    def count(self) -> int:
        """Return the number of visible (not soft-deleted) conversations."""
        return int(
            self._db.execute("SELECT count(*) FROM conversations WHERE deleted_at IS NULL").fetchone()[0]
        )

    def rename(self, conversation_id: int, title: str, *, is_auto: bool = False) -> None:
        """Set the title; ``is_auto=False`` (a user's choice) stops automatic titles from replacing it."""
        self._update_conversation(
            conversation_id, "title = ?, title_is_auto = ?", (storable_text(title), int(is_auto))
        )

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        """Pin or unpin a conversation."""
        self._update_conversation(conversation_id, "pinned = ?", (int(pinned),))

    def set_model(self, conversation_id: int, model: str) -> None:
        """Change the model the conversation talks to."""
        self._update_conversation(conversation_id, "model = ?", (model,))

    def set_draft(self, conversation_id: int, draft: str) -> None:
        """Keep the composer's unsent text for this conversation."""
        self._update_conversation(conversation_id, "draft = ?", (storable_text(draft),))

    def set_settings(self, conversation_id: int, settings: Mapping[str, Any]) -> None:
        """Replace the per-conversation generation settings (a JSON object)."""
        self._update_conversation(conversation_id, "settings_json = ?", (dump_json(dict(settings)),))

    def delete(self, conversation_id: int) -> None:
        """Soft-delete: hide the conversation from lists and search until :meth:`restore` or a purge."""
        self._update_conversation(conversation_id, "deleted_at = ?", (self._clock(),))

    def restore(self, conversation_id: int) -> None:
        """Undo :meth:`delete`."""
        self._update_conversation(conversation_id, "deleted_at = NULL", ())

    def purge(self, conversation_id: int) -> None:
        """Delete a conversation and its messages for good (deleted or not)."""
        with self._db.transaction() as conn:
            if conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount == 0:
                raise RecordNotFoundError(f"Conversation {conversation_id} does not exist.")
        self._db.erase_deleted()

    def purge_deleted(self, older_than: float) -> int:
        """Purge the conversations soft-deleted before a moment.

        Args:
            older_than: A Unix time; conversations with ``deleted_at <= older_than`` are purged. Pass the
                current time at start-up to drop everything deleted in earlier sessions.

        Returns:
            The number of conversations purged.
        """
        with self._db.transaction() as conn:
            purged = conn.execute(
                "DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?", (older_than,)
            ).rowcount
        if purged:
            self._db.erase_deleted()
        return purged

    def _update_conversation(self, conversation_id: int, assignments: str, params: tuple[Any, ...]) -> None:
        with self._db.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE conversations SET {assignments} WHERE id = ?", (*params, conversation_id)
            )
            if cursor.rowcount == 0:
                raise RecordNotFoundError(f"Conversation {conversation_id} does not exist.")

    def _require(self, conversation_id: int) -> Conversation:
        conversation = self.get(conversation_id)
        if conversation is None:
            raise RecordNotFoundError(f"Conversation {conversation_id} does not exist.")
        return conversation

    def _touch(self, conn: sqlite3.Connection, conversation_id: int, now: float) -> None:
        conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id))

    # --- messages -----------------------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: Role,
        parts: Sequence[Mapping[str, Any]],
        text: str,
        status: MessageStatus = "complete",
        meta: Mapping[str, Any] | None = None,
        error: Mapping[str, Any] | None = None,
        *,
        parent_id: int | Unset | None = UNSET,
        show: bool = True,
    ) -> Message:
        """Add a message to a conversation, select it, bump the conversation's activity time; return it.

        Args:
            conversation_id: The conversation.
            role: ``"user"`` or ``"model"``.
            parts: The raw Gemini parts, stored verbatim.
            text: Plain searchable text.
            status: ``"streaming"`` for a reply that is about to arrive; a final status otherwise.
            meta: Opaque metadata (usage, finish reason, timings...).
            error: Opaque error description, for ``status == "error"``.
            parent_id: The message it follows: left unset, the end of the selected path (a new message
                continues what the user sees); ``None`` for a first message; another id adds a version
                (a sibling of that message's other children). The new message becomes the selected one.
            show: Also show the path to it; False (a late write on a path the user may have left): it is
                selected at its own fork only, so the shown path stays the user's choice.

        Raises:
            RecordNotFoundError: The conversation does not exist, or ``parent_id`` is not one of its messages.
            ValueError: Unknown role or status.
        """
        if role not in ROLES:
            raise ValueError(f"invalid role {role!r}; expected 'user' or 'model'")
        check_status(status)
        now = self._clock()
        with self._db.transaction() as conn:
            exists = conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
            if exists is None:
                raise RecordNotFoundError(f"Conversation {conversation_id} does not exist.")
            position, rank = conn.execute(
                "SELECT coalesce(max(position), -1) + 1, coalesce(max(chosen_rank), 0) + 1"
                " FROM messages WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()
            parent_id, shown_parent = resolve_parent(conn, conversation_id, parent_id, rank)
            cursor = conn.execute(
                f"INSERT INTO messages ({MESSAGE_COLUMNS.removeprefix('id, ')}, chosen_rank)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    position,
                    role,
                    status,
                    now,
                    now,
                    storable_text(text),
                    None if error is None else dump_json(dict(error)),
                    dump_json(dict(meta or {})),
                    dump_json([dict(part) for part in parts]),
                    parent_id,
                    rank,
                ),
            )
            message_id = cast(int, cursor.lastrowid)
            if show and not shown_parent and parent_id is not None:
                # The path to the new message is shown, also when its parent was on a path left meanwhile.
                tree = read_tree(conn, conversation_id)
                select_line(conn, tree, tree.ancestry(parent_id), rank)
            self._touch(conn, conversation_id, now)
        return self._require_message(message_id)

    def get_message(self, message_id: int) -> Message | None:
        """Return one message, or None if there is none."""
        row = self._db.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        return None if row is None else row_to_message(row)

    def list_messages(
        self, conversation_id: int, limit: int | None = None, before_id: int | None = None
    ) -> builtins.list[Message]:
        """Return the selected path of a conversation (what the transcript shows), or a page of it.

        Args:
            conversation_id: The conversation.
            limit: At most this many messages: the *last* ones (a tail page for long histories).
            before_id: Only messages before this message (to page further back).

        Returns:
            Messages in order, first message first.

        Raises:
            RecordNotFoundError: ``before_id`` is not a message of the selected path.
        """
        path = self.tree(conversation_id).selected_path()
        if before_id is not None:
            try:
                path = path[: path.index(before_id)]
            except ValueError:
                raise RecordNotFoundError(
                    f"Message {before_id} is not on the shown path of conversation {conversation_id}."
                ) from None
        if limit is not None:
            path = path[-limit:] if limit > 0 else []
        return self.messages_by_id(path)

    def messages_by_id(self, message_ids: Sequence[int]) -> builtins.list[Message]:
        """Return the messages with these ids, in the order given (ids that do not exist are left out)."""
        found: dict[int, Message] = {}
        for start in range(0, len(message_ids), IDS_PER_QUERY):
            chunk = message_ids[start : start + IDS_PER_QUERY]
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id IN ({marks})", chunk
            ).fetchall()
            found.update((row[0], row_to_message(row)) for row in rows)
        return [found[message_id] for message_id in message_ids if message_id in found]

    def count_messages(self, conversation_id: int) -> int:
        """Return the number of messages in a conversation."""
        row = self._db.execute("SELECT count(*) FROM messages WHERE conversation_id = ?", (conversation_id,))
        return int(row.fetchone()[0])

    def update_message(
        self,
        message_id: int,
        *,
        parts: Sequence[Mapping[str, Any]] | Unset = UNSET,
        text: str | Unset = UNSET,
        status: MessageStatus | Unset = UNSET,
        meta: Mapping[str, Any] | Unset = UNSET,
        error: Mapping[str, Any] | Unset | None = UNSET,
    ) -> Message:
        """Change some fields of a message (an edited user message, a regenerated reply...).

        Arguments left at :data:`UNSET` keep their value; ``error=None`` clears the error.

        Returns:
            The updated message.

        Raises:
            RecordNotFoundError: The message does not exist.
        """
        assignments: builtins.list[str] = []
        params: builtins.list[Any] = []
        if not isinstance(parts, Unset):
            assignments.append("parts_json = ?")
            params.append(dump_json([dict(part) for part in parts]))
        if not isinstance(text, Unset):
            assignments.append("text = ?")
            params.append(storable_text(text))
        if not isinstance(status, Unset):
            check_status(status)
            assignments.append("status = ?")
            params.append(status)
        if not isinstance(meta, Unset):
            assignments.append("meta_json = ?")
            params.append(dump_json(dict(meta)))
        if not isinstance(error, Unset):
            assignments.append("error_json = ?")
            params.append(None if error is None else dump_json(dict(error)))
        self._write_message(message_id, assignments, params)
        return self._require_message(message_id)

    def checkpoint(
        self, message_id: int, parts: Sequence[Mapping[str, Any]], text: str, meta: Mapping[str, Any]
    ) -> bool:
        """Save what a streaming reply holds so far (about once a second); cheap by design.

        One UPDATE in its own short transaction; the message stays ``streaming``, so the search index is not
        touched and the conversation's activity time is not bumped. A checkpoint arriving after the message
        was finished is ignored, so it can never overwrite the final answer.

        Returns:
            True if the message was updated, False if it is missing or no longer streaming.
        """
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE messages SET parts_json = ?, text = ?, meta_json = ?, updated_at = ?"
                " WHERE id = ? AND status = 'streaming'",
                (
                    dump_json([dict(part) for part in parts]),
                    storable_text(text),
                    dump_json(dict(meta)),
                    self._clock(),
                    message_id,
                ),
            )
            return cursor.rowcount == 1

    def finish_message(
        self,
        message_id: int,
        parts: Sequence[Mapping[str, Any]],
        text: str,
        status: MessageStatus,
        meta: Mapping[str, Any],
        error: Mapping[str, Any] | None = None,
    ) -> Message:
        """Store a reply's final state (this is when it enters the search index).

        Args:
            message_id: The message.
            parts: Final raw parts.
            text: Final answer text.
            status: A final status: ``complete``, ``stopped``, ``error`` or ``interrupted``.
            meta: Final metadata.
            error: The error description for ``status == "error"``.

        Returns:
            The finished message.

        Raises:
            RecordNotFoundError: The message does not exist.
            ValueError: ``status`` is ``streaming`` or unknown.
        """
        check_status(status, allowed=FINAL_STATUSES)
        return self.update_message(message_id, parts=parts, text=text, status=status, meta=meta, error=error)

    def mark_streaming_as_interrupted(self, message_ids: Iterable[int] | None = None) -> int:
        """Messages still ``streaming`` become ``interrupted``, keeping their parts and text (now searchable).

        All of them at start-up (the app was killed); at quit ``message_ids``, whose stream did not end them.

        Returns:
            The number of messages changed.
        """
        only = "" if message_ids is None else f"AND id IN ({','.join(str(int(i)) for i in message_ids)})"
        sql = f"UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming' {only}"
        with self._db.transaction() as conn:
            cursor = conn.execute(sql, (self._clock(),))
            return cursor.rowcount

    def _write_message(
        self, message_id: int, assignments: builtins.list[str], params: builtins.list[Any]
    ) -> None:
        now = self._clock()
        with self._db.transaction() as conn:
            rows = conn.execute(
                f"UPDATE messages SET {', '.join([*assignments, 'updated_at = ?'])} WHERE id = ?"
                " RETURNING conversation_id",
                (*params, now, message_id),
            ).fetchall()  # to completion: a RETURNING statement still running would block the COMMIT
            if not rows:
                raise RecordNotFoundError(f"Message {message_id} does not exist.")
            self._touch(conn, rows[0][0], now)

    def _require_message(self, message_id: int) -> Message:
        message = self.get_message(message_id)
        if message is None:
            raise RecordNotFoundError(f"Message {message_id} does not exist.")
        return message


@contextmanager
def worker_store(path: Path) -> Iterator[ConversationStore]:
    """A :class:`ConversationStore` on a connection of its own, for one worker thread; closed on exit.

    Args:
        path: The database file the app already has open (and migrated).
    """
    db = Database.open(path)
    try:
        yield ConversationStore(db)
    finally:
        db.close()
