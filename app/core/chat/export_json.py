"""Export conversations as a lossless JSON document, and write export files atomically.

The JSON document keeps every message's raw Gemini parts verbatim (thought signatures and inline data
included), so :mod:`app.core.chat.importer` can bring a conversation back exactly.

Nothing here knows the API key: the store never holds it, so no export can contain it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, Final, Literal

from app.core.private_files import write_atomically
from app.core.store.conversations import worker_store
from app.core.store.records import Conversation, Message

FORMAT_ID: Final = "gemini-desk-conversations"
"""The ``format`` field of a JSON export."""
FORMAT_VERSION: Final = 2
"""The ``version`` field of a JSON export; raise it when the layout changes incompatibly.

Version 2 keeps a conversation's whole tree: its messages are every version, in the order they were created,
each with ``parent`` (the index of its parent in that list, null for a first message) and ``shown`` (whether
it is on the path the conversation shows). Version 1 held one line of messages, each following the one before;
the importer reads both.
"""


ConversationExport = tuple[Conversation, Sequence[Message]]
"""A conversation with its messages in order (one path, for Markdown; a line, in JSON)."""

TreeExport = tuple[Conversation, Sequence[Message], Collection[int]]
"""A conversation with every message (parents before children) and the ids of the messages it shows."""

ExportFormat = Literal["markdown", "markdown-all", "json"]
"""Markdown of the shown path, Markdown of every version, or the JSON of the whole tree."""


def gather_export(
    database_path: Path, conversation_ids: Sequence[int] | None, file_format: ExportFormat
) -> list[ConversationExport | TreeExport]:
    """Read what an export of ``conversation_ids`` (None: every conversation) holds, for a worker thread.

    Reading a long history takes seconds, so it runs off the GUI thread, on a connection of its own (a
    ``sqlite3`` connection belongs to the thread that made it; WAL gives it one consistent snapshot).

    Args:
        database_path: The database file the app already has open (and migrated).
        conversation_ids: The conversations to export, in order; None for every visible one.
        file_format: What the export shows of each conversation.

    Raises:
        StoreError: The database could not be read.
    """
    items: list[ConversationExport | TreeExport] = []
    with worker_store(database_path) as store:
        ids = store.list_ids() if conversation_ids is None else list(conversation_ids)
        for conversation_id in ids:
            conversation = store.get(conversation_id)
            if conversation is None:
                continue
            if file_format == "json":  # the whole tree: every version, and which ones are shown
                tree = store.tree(conversation_id)
                every = store.messages_by_id(list(tree.parents))
                items.append((conversation, every, frozenset(tree.selected_path())))
            elif file_format == "markdown-all":  # every version, each followed by what follows it
                tree = store.tree(conversation_id)
                items.append((conversation, store.messages_by_id(tree.below(None))))
            else:
                items.append((conversation, store.list_messages(conversation_id)))
    return items


def conversation_record(
    conversation: Conversation, messages: Sequence[Message], shown: Collection[int] | None = None
) -> dict[str, Any]:
    """The JSON object of one conversation: its fields and its messages, raw parts verbatim.

    Args:
        conversation: The conversation.
        messages: Its messages, every parent before its children (creation order does that).
        shown: The ids of the messages on the path it shows; None when ``messages`` is that path.
    """
    index = {message.id: number for number, message in enumerate(messages)}
    records = []
    for number, message in enumerate(messages):
        parent = index.get(message.parent_id) if message.parent_id is not None else None
        if shown is None:  # one line: each message follows the one before it
            parent = number - 1 if number else None
        records.append(
            {
                "parent": parent,
                "shown": shown is None or message.id in shown,
                "role": message.role,
                "parts": message.parts,
                "text": message.text,
                "status": message.status,
                "meta": message.meta,
                "error": message.error,
                "created_at": message.created_at,
                "updated_at": message.updated_at,
            }
        )
    return {
        "uid": conversation.uid,
        "title": conversation.title,
        "title_is_auto": conversation.title_is_auto,
        "model": conversation.model,
        "settings": conversation.settings,
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
        "pinned": conversation.pinned,
        "draft": conversation.draft,
        "messages": records,
    }


def json_document(
    conversations: Iterable[ConversationExport | TreeExport], *, exported_at: float
) -> dict[str, Any]:
    """The whole JSON export: format id, version, export time and the conversations (whole trees)."""
    return {
        "format": FORMAT_ID,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "conversations": [conversation_record(*item) for item in conversations],
    }


def json_text(document: dict[str, Any]) -> str:
    r"""Serialise a document readably; non-ASCII text stays readable unless it holds lone surrogates.

    Text decoded from the network can hold lone surrogates (``"\ud83d"``), which UTF-8 cannot encode; such
    documents are written with ASCII escapes, which round-trip exactly.
    """
    text = json.dumps(document, ensure_ascii=False, indent=1)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(document, ensure_ascii=True, indent=1)
    return text + "\n"


def write_json(
    path: Path,
    conversations: Iterable[ConversationExport | TreeExport],
    *,
    exported_at: float,
) -> None:
    """Write a JSON export of ``conversations`` to ``path`` atomically."""
    write_atomically(
        path,
        json_text(json_document(conversations, exported_at=exported_at)).encode("utf-8"),
        private_folder=False,
    )
