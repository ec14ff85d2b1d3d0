"""Import a JSON export (see :mod:`app.core.chat.export`) as new conversations.

An import never touches existing conversations: every conversation in the file becomes a new one, with its
messages' text, status, metadata and times as exported. The whole file is validated before anything is
written. It is written in batches (the app's own writes wait for one batch at most), hidden until the last
one is written: a failure while writing leaves nothing to see, and deletes what it wrote.

A conversation keeps its stable id (``uid``) through export and import, so importing the same file twice
recognises what is already there: :func:`split_known` sets those aside, and the app imports them again only
when the user asks for copies (which get new stable ids).

An export file is untrusted: anyone can write one and share it. So a user message's parts are rebuilt from
what the transcript shows (its text and its attached files), never taken as written: hidden parts would be
sent with the next request unseen. Attachment names become bare file names (they are "Save as" suggestions).
The conversations' settings that change what is sent or allowed (a system instruction, tools, safety
thresholds) are listed by ``app.core.chat.import_review`` so the app can ask before they take effect.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

from app.core.chat.attachments import inline_parts
from app.core.chat.export_json import FORMAT_ID, FORMAT_VERSION
from app.core.chat.generation import without_local_tool_state
from app.core.chat.history import user_parts
from app.core.chat.tool_display import is_tool_results
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, StoreError
from app.core.store.error_records import upgrade_record
from app.core.store.records import FINAL_STATUSES, ROLES, MessageStatus, Role
from app.core.texts import REFERENCE, Param, Text, render
from app.core.tools.results import bounded_function_response
from app.core.visible_text import safe_file_name


class ImportFormatError(ValueError):
    """The file is not an export this version can read; ``str(error)`` is the reason in English, for logs.

    Attributes:
        message: The reason, a text of ``app.core.texts`` (``import.<problem>``) worded when shown.
    """

    def __init__(self, code: str, **params: Param) -> None:
        self.message = Text(code, **params)
        super().__init__(render(self.message, REFERENCE))


@dataclass(frozen=True, slots=True)
class ImportedMessage:
    """One message as read from an export."""

    role: Role
    parts: list[dict[str, Any]]
    text: str
    status: MessageStatus
    meta: dict[str, Any]
    error: dict[str, Any] | None
    created_at: float | None
    updated_at: float | None
    #: The index of its parent among the conversation's messages (None for a first message).
    parent: int | None = None
    #: Whether it is on the path the conversation shows.
    shown: bool = True


@dataclass(frozen=True, slots=True)
class ImportedConversation:
    """One conversation as read from an export (``uid`` is "" when the file has none)."""

    uid: str
    title: str
    title_is_auto: bool
    model: str
    settings: dict[str, Any]
    pinned: bool
    draft: str
    created_at: float | None
    messages: tuple[ImportedMessage, ...]


_UID: Final = re.compile(r"[0-9A-Za-z_-]{1,64}")
"""What an imported stable id may look like; anything else (the file is untrusted) is dropped."""


def _invalid(where: str, reason: str, **params: Param) -> ImportFormatError:
    return ImportFormatError("import.damaged", where=where, reason=Text(f"import.reason.{reason}", **params))


def _time(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid(where, "object")
    return cast(dict[str, Any], value)


def _string(data: dict[str, Any], key: str, where: str, default: str = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise _invalid(where, "text", key=key)
    return value


def _message(value: object, where: str, number: int, version: int) -> ImportedMessage:
    data = _object(value, where)
    # Version 1 is one line; version 2 names each message's parent, always an earlier message (a message
    # without the field follows the one before it, as in version 1).
    parent: object = number - 1 if number else None
    if version >= 2 and "parent" in data:
        parent = data.get("parent")
        valid = parent is None or (type(parent) is int and 0 <= parent < number)
        if not valid:
            raise _invalid(where, "parent")
    shown = data.get("shown", True) is not False
    role = data.get("role")
    if role not in ROLES:
        raise _invalid(where, "role")
    parts = data.get("parts")
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        raise _invalid(where, "parts")
    status = data.get("status", "complete")
    if status == "streaming":
        status = "interrupted"  # the stream it belonged to is long gone
    if status not in FINAL_STATUSES:
        raise _invalid(where, "status", status=str(status))
    meta = _object(data.get("meta") or {}, where + " meta")
    error = data.get("error")
    text = _string(data, "text", where)
    if role == "user":
        parts = _visible_user_parts(text, cast(list[dict[str, Any]], parts))
        meta = _with_safe_attachment_names(meta)
    return ImportedMessage(
        role=cast(Role, role),
        parts=cast(list[dict[str, Any]], parts),
        text=text,
        status=cast(MessageStatus, status),
        meta=meta,
        # An export of schema 1 holds an error's wording; the store keeps codes (see error_records).
        error=None if error is None else upgrade_record(_object(error, where + " error")),
        created_at=_time(data.get("created_at")),
        updated_at=_time(data.get("updated_at")),
        parent=cast(int | None, parent),
        shown=shown,
    )


def _visible_user_parts(text: str, parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts the transcript shows for a user message: its (well-formed) attached files, then its text.

    Anything else a file may put there (extra text parts, function responses, file URIs) is dropped, except
    in a tool step's message: one holding only function responses (and no text), which the transcript shows
    whole as the tools' row; each keeps its name, id, response and images, held to what this client would
    send itself (``bounded_function_response``).
    """
    if not text and is_tool_results(parts):
        return [_function_response(p["functionResponse"]) for p in parts if _is_function_response(p)]
    attachments = [
        {"inlineData": {"mimeType": inline["mimeType"], "data": inline["data"]}}
        for _, inline in inline_parts(parts)
        if isinstance(inline.get("mimeType"), str) and isinstance(inline.get("data"), str)
    ]
    return user_parts(text, attachments)


def _is_function_response(part: dict[str, Any]) -> bool:
    response = part.get("functionResponse")
    return (
        isinstance(response, dict)
        and isinstance(response.get("name"), str)
        and isinstance(response.get("response"), dict)
    )


def _function_response(response: dict[str, Any]) -> dict[str, Any]:
    media = response.get("parts")
    body, images = bounded_function_response(
        response["response"], [p for p in media if isinstance(p, dict)] if isinstance(media, list) else []
    )
    kept: dict[str, Any] = {"name": response["name"], "response": body}
    if isinstance(response.get("id"), str):
        kept["id"] = response["id"]
    if images:
        kept["parts"] = images
    return {"functionResponse": kept}


def _with_safe_attachment_names(meta: dict[str, Any]) -> dict[str, Any]:
    names = meta.get("attachment_names")
    if names is None:
        return meta
    if not isinstance(names, list):
        return {k: v for k, v in meta.items() if k != "attachment_names"}
    safe = [safe_file_name(n) if isinstance(n, str) else "" for n in names]
    return {**meta, "attachment_names": safe}


def _conversation(value: object, number: int, version: int) -> ImportedConversation:
    where = f"#{number}"
    data = _object(value, where)
    messages = data.get("messages", [])
    if not isinstance(messages, list):
        raise _invalid(where, "messages")
    settings = _object(data.get("settings") or {}, where + " settings")
    settings = without_local_tool_state(settings)
    uid = data.get("uid")
    return ImportedConversation(
        uid=uid if isinstance(uid, str) and _UID.fullmatch(uid) else "",
        title=_string(data, "title", where),
        title_is_auto=bool(data.get("title_is_auto", False)),
        model=_string(data, "model", where),
        settings=settings,
        pinned=bool(data.get("pinned", False)),
        draft=_string(data, "draft", where),
        created_at=_time(data.get("created_at")),
        messages=tuple(_message(m, f"{where}.{i + 1}", i, version) for i, m in enumerate(messages)),
    )


def parse_export(data: bytes | str) -> list[ImportedConversation]:
    """Read and validate a JSON export.

    Raises:
        ImportFormatError: Not JSON, not a Gemini Desk export, a version this app cannot read, or damaged.
    """
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFormatError("import.not_json", error=str(error)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_ID:
        raise ImportFormatError("import.not_export")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFormatError("import.bad_version", version=repr(version))
    if version > FORMAT_VERSION:
        raise ImportFormatError("import.newer", version=version, supported=FORMAT_VERSION)
    conversations = document.get("conversations")
    if not isinstance(conversations, list):
        raise _invalid("conversations", "conversations")
    return [_conversation(c, i + 1, version) for i, c in enumerate(conversations)]


IMPORT_BATCH_SECONDS: Final = 0.3
"""How long one transaction of an import writes: the window's own writes wait for one batch at most."""

IMPORT_PAUSE_SECONDS: Final = 0.11
"""The pause between two batches: longer than SQLite's longest sleep between two tries to take the write
lock (100 ms), so a writer that waits gets it; without the pause, the next batch always came first."""

MAX_IMPORT_BYTES: Final = 512 * 1024 * 1024
"""The largest export file the app reads: it is read and parsed whole, in memory."""


def split_known_at(
    database_path: Path, conversations: Sequence[ImportedConversation]
) -> tuple[list[ImportedConversation], list[ImportedConversation]]:
    """:func:`split_known` on a connection of its own, for a worker thread (the file is already open)."""
    database = Database.open(database_path)
    try:
        return split_known(database, conversations)
    finally:
        database.close()


def import_at(
    database_path: Path, conversations: Sequence[ImportedConversation], *, now: float, as_copies: bool = False
) -> list[int]:
    """:func:`import_conversations` on a connection of its own, for a worker thread.

    A large import writes for seconds: on the GUI thread it froze the window all that time. A ``sqlite3``
    connection belongs to the thread that made it, so the worker opens its own.
    """
    database = Database.open(database_path)
    try:
        return import_conversations(database, conversations, now=now, as_copies=as_copies)
    finally:
        database.close()


class _Clock:
    """A clock the importer sets to each record's exported time before writing it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def split_known(
    database: Database, conversations: Sequence[ImportedConversation]
) -> tuple[list[ImportedConversation], list[ImportedConversation]]:
    """Split an export into the conversations this database lacks and those it already holds.

    A conversation is "already held" when a visible conversation has its stable id (one in the trash, being
    deleted, does not count). A file that names the same id twice yields it once as new, then as known.

    Returns:
        ``(new, known)``, each in the export's order.
    """
    held = set(ConversationStore(database).ids_by_uid(c.uid for c in conversations))
    new: list[ImportedConversation] = []
    known: list[ImportedConversation] = []
    for item in conversations:
        if item.uid and item.uid in held:
            known.append(item)
        else:
            new.append(item)
            held.add(item.uid)
    return new, known


def import_conversations(
    database: Database,
    conversations: Sequence[ImportedConversation],
    *,
    now: float,
    as_copies: bool = False,
) -> list[int]:
    """Create every conversation of an export as a new one, with its exported times.

    Args:
        database: The database to add them to.
        conversations: What :func:`parse_export` read (see :func:`split_known` to leave out those present).
        now: The current time, used where the export has no time.
        as_copies: Give every conversation a new stable id, so it is a copy rather than the same one. A
            conversation whose stable id is taken (in this database, or earlier in the file) gets a new one
            either way.

    Returns:
        The new conversations' ids, in the export's order.

    Raises:
        StoreError: The store refused a write (a full disk, say); nothing of the import is left.
    """
    clock = _Clock(now)
    store = ConversationStore(database, clock=clock)
    taken = set(store.ids_by_uid((c.uid for c in conversations), include_deleted=True))

    def keep_uid(item: ImportedConversation) -> bool:
        keep = bool(item.uid) and not as_copies and item.uid not in taken
        taken.add(item.uid)  # a second conversation with this id in the file gets a new one
        return keep

    created: list[int] = []
    # Written in batches, each its own transaction, so the app's other connection (the window's: a draft, a
    # reply) waits at most one batch for the write lock, never the whole import. Each batch is hidden like a
    # deleted conversation until the last one is written; one transaction then shows them all. A failure
    # deletes what was written; if even that fails (a full disk), the next start purges it as deleted.
    try:
        waiting = iter(conversations)
        while (item := next(waiting, None)) is not None:
            batch: list[int] = []
            ends = time.monotonic() + IMPORT_BATCH_SECONDS
            with database.transaction() as conn:
                while item is not None:
                    batch.append(_write_conversation(store, clock, item, now=now, keep_uid=keep_uid(item)))
                    item = next(waiting, None) if time.monotonic() < ends else None
                conn.executemany(
                    "UPDATE conversations SET deleted_at = ? WHERE id = ?", [(now, i) for i in batch]
                )
            created.extend(batch)
            time.sleep(IMPORT_PAUSE_SECONDS)
        with database.transaction() as conn:
            conn.executemany(
                "UPDATE conversations SET deleted_at = NULL WHERE id = ?", [(i,) for i in created]
            )
    except BaseException:
        _forget(database, created)
        raise
    return created


def _write_conversation(
    store: ConversationStore, clock: _Clock, item: ImportedConversation, *, now: float, keep_uid: bool
) -> int:
    """Create one imported conversation with its messages, versions and exported times; return its id."""
    clock.now = item.created_at if item.created_at is not None else now
    conversation = store.create(
        item.title,
        item.model,
        item.settings,
        title_is_auto=item.title_is_auto,
        uid=item.uid if keep_uid else None,
    )
    if item.pinned:
        store.set_pinned(conversation.id, True)
    if item.draft:
        store.set_draft(conversation.id, item.draft)
    added_ids: list[int] = []
    for message in item.messages:
        clock.now = message.created_at if message.created_at is not None else now
        added = store.add_message(
            conversation.id,
            message.role,
            message.parts,
            message.text,
            message.status,
            message.meta,
            message.error,
            parent_id=None if message.parent is None else added_ids[message.parent],
        )
        added_ids.append(added.id)
        if message.updated_at is not None and message.updated_at != clock.now:
            clock.now = message.updated_at
            store.update_message(added.id)  # only moves the change time
    shown = [added_ids[i] for i, message in enumerate(item.messages) if message.shown]
    if shown:
        store.choose(shown[-1])  # the deepest message of the shown path shows all of it
    return conversation.id


def _forget(database: Database, conversation_ids: Sequence[int]) -> None:
    """Delete the batches of a failed import (their messages go with them); left hidden if that fails too."""
    if not conversation_ids:
        return
    try:
        with database.transaction() as conn:
            conn.executemany("DELETE FROM conversations WHERE id = ?", [(i,) for i in conversation_ids])
    except StoreError:
        pass  # still hidden as deleted: the next start purges them (see ConversationStore.purge_deleted)
