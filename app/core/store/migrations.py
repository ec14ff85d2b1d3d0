"""Schema migrations, applied in order; the schema version lives in ``PRAGMA user_version``.

Version N of the schema is reached by applying ``MIGRATIONS[0..N-1]``. A migration is a function of the
connection that runs inside a transaction owned by :class:`~app.core.store.db.Database`, which also sets
``user_version``. Never edit a released migration: append a new one.

Search design (version 1): two FTS5 tables with the ``trigram`` tokenizer and *external content*, kept in
sync by triggers, so the text is stored once and ``snippet``-style lookups read the real rows:

* ``conversation_fts`` indexes ``conversations.title``.
* ``message_fts`` indexes ``messages.text`` through the view ``indexed_messages``, which hides messages whose
  status is ``streaming``. A reply being streamed is checkpointed about once a second; indexing it each time
  would delete and re-insert every trigram of a growing text. Instead the triggers index a message only when
  it leaves ``streaming`` (finish, stop, error, or the start-up ``interrupted`` sweep), and re-index a final
  message only when its text changes. Using the view as the content table keeps FTS5's ``integrity-check``
  meaningful: the index must equal exactly the rows the view shows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Final

from app.core.store.error_records import is_legacy, upgrade_record

Migration = Callable[[sqlite3.Connection], None]


def _v1_initial(conn: sqlite3.Connection) -> None:
    """Conversations, messages, and their trigram search indexes."""
    statements = [
        # AUTOINCREMENT: ids are never reused, so an id the UI still holds (undo, a stale row) can never
        # point at a different conversation or message after a purge.
        """
        CREATE TABLE conversations (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            title         TEXT    NOT NULL DEFAULT '',
            title_is_auto INTEGER NOT NULL DEFAULT 1,
            model         TEXT    NOT NULL DEFAULT '',
            created_at    REAL    NOT NULL,
            updated_at    REAL    NOT NULL,
            pinned        INTEGER NOT NULL DEFAULT 0,
            draft         TEXT    NOT NULL DEFAULT '',
            settings_json TEXT    NOT NULL DEFAULT '{}',
            deleted_at    REAL
        )
        """,
        # The list order (pinned first, newest activity first) as a partial covering index over the visible
        # conversations: list pages, count() and list_ids() never touch the table.
        """
        CREATE INDEX conversations_listing
            ON conversations (pinned DESC, updated_at DESC, id DESC)
            WHERE deleted_at IS NULL
        """,
        "CREATE INDEX conversations_deleted ON conversations (deleted_at) WHERE deleted_at IS NOT NULL",
        # Column order matters: SQLite reads a row's columns left to right, and parts_json can be megabytes
        # (inline images). Keeping it last lets searches and listings read text/status without walking
        # parts_json's overflow pages.
        """
        CREATE TABLE messages (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            position        INTEGER NOT NULL,
            role            TEXT    NOT NULL CHECK (role IN ('user', 'model')),
            status          TEXT    NOT NULL
                CHECK (status IN ('complete', 'streaming', 'interrupted', 'error', 'stopped')),
            created_at      REAL    NOT NULL,
            updated_at      REAL    NOT NULL,
            text            TEXT    NOT NULL DEFAULT '',
            error_json      TEXT,
            meta_json       TEXT    NOT NULL DEFAULT '{}',
            parts_json      TEXT    NOT NULL DEFAULT '[]'
        )
        """,
        "CREATE UNIQUE INDEX messages_order ON messages (conversation_id, position)",
        # Only the few messages being streamed: the start-up sweep finds them without a scan.
        "CREATE INDEX messages_streaming ON messages (id) WHERE status = 'streaming'",
        # --- search: conversation titles -------------------------------------------------------------------
        """
        CREATE VIRTUAL TABLE conversation_fts USING fts5 (
            title, content = 'conversations', content_rowid = 'id', tokenize = 'trigram'
        )
        """,
        """
        CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
            INSERT INTO conversation_fts (rowid, title) VALUES (new.id, new.title);
        END
        """,
        """
        CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
            INSERT INTO conversation_fts (conversation_fts, rowid, title)
                VALUES ('delete', old.id, old.title);
        END
        """,
        """
        CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations
        WHEN old.title IS NOT new.title BEGIN
            INSERT INTO conversation_fts (conversation_fts, rowid, title)
                VALUES ('delete', old.id, old.title);
            INSERT INTO conversation_fts (rowid, title) VALUES (new.id, new.title);
        END
        """,
        # --- search: message text, final messages only ----------------------------------------------------
        "CREATE VIEW indexed_messages AS SELECT id, text FROM messages WHERE status != 'streaming'",
        """
        CREATE VIRTUAL TABLE message_fts USING fts5 (
            text, content = 'indexed_messages', content_rowid = 'id', tokenize = 'trigram'
        )
        """,
        """
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
        WHEN new.status != 'streaming' BEGIN
            INSERT INTO message_fts (rowid, text) VALUES (new.id, new.text);
        END
        """,
        """
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
        WHEN old.status != 'streaming' BEGIN
            INSERT INTO message_fts (message_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END
        """,
        # One trigger with both steps, so the old entry is always removed before the new one is added
        # (separate triggers would fire in an unspecified order). A checkpoint of a streaming message matches
        # neither condition and costs no index work.
        """
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, status ON messages
        WHEN old.status != 'streaming' OR new.status != 'streaming' BEGIN
            INSERT INTO message_fts (message_fts, rowid, text)
                SELECT 'delete', old.id, old.text
                WHERE old.status != 'streaming' AND (new.status = 'streaming' OR old.text IS NOT new.text);
            INSERT INTO message_fts (rowid, text)
                SELECT new.id, new.text
                WHERE new.status != 'streaming' AND (old.status = 'streaming' OR old.text IS NOT new.text);
        END
        """,
    ]
    for statement in statements:
        # Statement by statement: executescript() would commit the surrounding migration transaction.
        conn.execute(statement)


def _v2_error_codes(conn: sqlite3.Connection) -> None:
    """Stored errors keep codes and parameters instead of their wording in two languages.

    Every record of version 1 is rewritten so that it reads exactly as before in English and in Chinese
    (see ``error_records.upgrade_record``); a record that is not a JSON object is left as it is.
    """
    rows = conn.execute("SELECT id, error_json FROM messages WHERE error_json IS NOT NULL").fetchall()
    for message_id, error_json in rows:
        try:
            record = json.loads(error_json)
        except ValueError:
            continue
        if isinstance(record, dict) and is_legacy(record):
            # ASCII escapes: a stored text may hold a lone surrogate, which SQLite cannot take as UTF-8.
            upgraded = json.dumps(upgrade_record(record), separators=(",", ":"))
            conn.execute("UPDATE messages SET error_json = ? WHERE id = ?", (upgraded, message_id))


def _v3_conversation_uids(conn: sqlite3.Connection) -> None:
    """Every conversation gets a stable id that survives export and import (``conversations.uid``).

    The integer id is local to one database; the uid travels in an export, so importing the same file
    twice can recognise the conversations it already holds. Existing rows get a random one; a trigger gives
    one to every row inserted without it, so no writer (the store, a bulk import, a bench) can forget it.
    """
    conn.execute("ALTER TABLE conversations ADD COLUMN uid TEXT")
    conn.execute("UPDATE conversations SET uid = lower(hex(randomblob(16)))")
    conn.execute("CREATE UNIQUE INDEX conversations_uid ON conversations (uid)")
    conn.execute(
        """
        CREATE TRIGGER conversations_uid_default AFTER INSERT ON conversations
        WHEN new.uid IS NULL BEGIN
            UPDATE conversations SET uid = lower(hex(randomblob(16))) WHERE id = new.id;
        END
        """
    )


def link_in_position_order(conn: sqlite3.Connection) -> None:
    """Make every message without a parent follow the message before it by position (one line each).

    Schema 4 links existing conversations with it; bulk loaders that write rows directly (benchmarks, test
    fixtures) use it too. Released migration 4 depends on this exact behaviour: copy it into the migration
    before ever changing it.
    """
    conn.execute(
        """
        UPDATE messages SET parent_id = (
            SELECT previous.id FROM messages AS previous
            WHERE previous.conversation_id = messages.conversation_id
              AND previous.position < messages.position
            ORDER BY previous.position DESC LIMIT 1
        )
        WHERE parent_id IS NULL
        """
    )


def _v4_message_tree(conn: sqlite3.Connection) -> None:
    """A conversation becomes a tree of messages; the transcript shows one path through it.

    ``parent_id`` is the message a message follows (NULL for a first message). Regenerate and Edit and
    resend add a sibling instead of replacing anything, so a parent can have several children: its
    *versions*. At each fork the selected child is the one with the highest ``chosen_rank`` (ties: the
    newest); choosing a version gives it a rank above every other in its conversation, so the conversation
    remembers a selection at every fork without a table of its own.

    Every existing conversation is one line: each message's parent is the one before it by position, and
    positions keep their order, so nothing changes for the user. There is deliberately no foreign key on
    ``parent_id``: SQLite cascades a self-referencing delete one trigger level per generation, and a
    conversation is deeper than that limit (1000); the store deletes a subtree with one recursive query.

    ``messages_tree`` covers the tree's shape (the path and the version counts are read from the index alone,
    never from rows whose ``parts_json`` may be megabytes).
    """
    conn.execute("ALTER TABLE messages ADD COLUMN parent_id INTEGER")
    conn.execute("ALTER TABLE messages ADD COLUMN chosen_rank INTEGER NOT NULL DEFAULT 0")
    link_in_position_order(conn)
    conn.execute("CREATE INDEX messages_tree ON messages (conversation_id, parent_id, chosen_rank, position)")


MIGRATIONS: Final[tuple[Migration, ...]] = (
    _v1_initial,
    _v2_error_codes,
    _v3_conversation_uids,
    _v4_message_tree,
)
"""All migrations in order; ``MIGRATIONS[i]`` upgrades version ``i`` to ``i + 1``."""

LATEST_VERSION: Final = len(MIGRATIONS)
"""The schema version this app writes."""


def pending(current: int) -> Iterator[tuple[int, Migration]]:
    """Yield ``(target_version, migration)`` for every step from ``current`` to :data:`LATEST_VERSION`.

    Args:
        current: The database's ``user_version`` (0 for a new file).
    """
    for index in range(current, LATEST_VERSION):
        yield index + 1, MIGRATIONS[index]
