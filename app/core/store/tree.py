"""The shape of a conversation: a tree of messages, and the one path through it the transcript shows.

Every message has a parent (``None`` for a first message). Siblings are *versions*: a regenerated answer
is a sibling of the answer it replaces, an edited question a sibling of the question. At each fork the
selected child is the one with the highest ``chosen_rank`` (ties: the newest); the selected path starts at
the selected first message and follows the selected child down to a leaf.

Pure functions over the shape only (ids, parents, ranks, positions): the store reads it from an index
and never loads a message's parts to answer "which path, how many versions".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

__all__ = ["MessageTree", "TreeRow", "version_numbers"]

TreeRow = tuple[int, int | None, int, int]
"""One message's place: (id, parent id or None, chosen rank, position in creation order)."""


@dataclass(frozen=True, slots=True)
class MessageTree:
    """A conversation's tree of messages (its shape, not its content).

    Build it with :meth:`of`. Siblings are listed in creation order, the order "‹ n / m ›" counts in.

    Attributes:
        parents: Message id -> its parent (None for a first message, or one whose parent is missing).
        children: Parent id (None: the conversation) -> its children in creation order.
        selected: Parent id (None: the conversation) -> its selected child.
    """

    parents: dict[int, int | None]
    children: dict[int | None, list[int]]
    selected: dict[int | None, int]

    @classmethod
    def of(cls, rows: Iterable[TreeRow]) -> MessageTree:
        """The tree of ``rows`` (any order); a message whose parent is missing counts as a first message."""
        ordered = sorted(rows, key=itemgetter(3))
        known = {row[0] for row in ordered}
        parents: dict[int, int | None] = {}
        children: dict[int | None, list[int]] = {}
        best: dict[int | None, tuple[int, int]] = {}
        for message_id, parent_id, rank, _position in ordered:
            parent = parent_id if parent_id in known else None
            parents[message_id] = parent
            children.setdefault(parent, []).append(message_id)
            chosen = best.get(parent)
            if chosen is None or rank >= chosen[0]:  # ties: the newest (rows are in creation order)
                best[parent] = (rank, message_id)
        return cls(parents, children, {parent: chosen[1] for parent, chosen in best.items()})

    def __contains__(self, message_id: object) -> bool:
        return message_id in self.parents

    def parent(self, message_id: int) -> int | None:
        """The parent of a message in this tree (None for a first message)."""
        return self.parents[message_id]

    def versions(self, message_id: int) -> list[int]:
        """The message and its siblings, in creation order."""
        return self.children.get(self.parents[message_id], [])

    def version_step(self, message_id: int | None, step: int) -> int | None:
        """The version ``step`` places after (negative: before) ``message_id``; None when there is none.

        ``message_id`` None: the last message of the selected path that has other versions ("‹ n / m ›" of
        the last answer, as a key steps it).
        """
        if message_id is None:
            forks = [m for m in self.selected_path() if len(self.versions(m)) > 1]
            if not forks:
                return None
            message_id = forks[-1]
        if message_id not in self.parents:
            return None
        versions = self.versions(message_id)
        index = versions.index(message_id) + step
        return versions[index] if 0 <= index < len(versions) else None

    def selected_child(self, parent_id: int | None) -> int | None:
        """The selected child of a message (of the conversation for None), or None at a leaf."""
        return self.selected.get(parent_id)

    def selected_path(self) -> list[int]:
        """The ids of the selected path, first message first."""
        return self.path_below(None)

    def with_selected(self, line: Iterable[int]) -> MessageTree:
        """This tree after each message of ``line`` was selected at its fork (given the highest rank)."""
        selected = dict(self.selected)
        for message_id in line:
            selected[self.parents[message_id]] = message_id
        return MessageTree(self.parents, self.children, selected)

    def is_shown(self, message_id: int) -> bool:
        """Whether ``message_id`` is on the selected path (every message above it is selected at its fork)."""
        return message_id in self.parents and all(
            self.selected.get(self.parents[m]) == m for m in self.ancestry(message_id)
        )

    def shown_forks_of(self, message_ids: Iterable[int]) -> set[int]:
        """The shown messages whose other versions hold some of ``message_ids`` (those not on the shown path).

        For a reply streaming on a hidden path, this is the message whose "‹ n / m ›" leads to it.
        """
        forks: set[int] = set()
        for message_id in message_ids:
            if message_id not in self.parents:
                continue
            for line_id in self.ancestry(message_id):
                shown = self.selected.get(self.parents[line_id])
                if shown != line_id:
                    if shown is not None:
                        forks.add(shown)
                    break
        return forks

    def path_below(self, message_id: int | None) -> list[int]:
        """The selected path from below ``message_id`` down to a leaf (``message_id`` itself excluded)."""
        path: list[int] = []
        selected = self.selected
        child = selected.get(message_id)
        while child is not None and len(path) <= len(self.parents):  # a damaged file could hold a cycle
            path.append(child)
            child = selected.get(child)
        return path

    def ancestry(self, message_id: int) -> list[int]:
        """The path from the first message down to ``message_id`` (inclusive)."""
        line = [message_id]
        parent = self.parents[message_id]
        while parent is not None and len(line) <= len(self.parents):  # a damaged file could hold a cycle
            line.append(parent)
            parent = self.parents[parent]
        line.reverse()
        return line

    def subtree(self, message_id: int) -> list[int]:
        """``message_id`` and every message below it, parents before their children (see :meth:`below`)."""
        return [message_id, *self.below(message_id)]

    def below(self, message_id: int | None) -> list[int]:
        """Every message below ``message_id`` (None: the whole conversation), depth first.

        Each message is followed by what follows it, versions in creation order: the order of an outline.
        """
        found: list[int] = []
        stack = list(reversed(self.children.get(message_id, [])))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return found


def version_numbers(tree: MessageTree, message_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(number from 1, count) of each of ``message_ids`` that has other versions: what "‹ n / m ›" shows."""
    numbers: dict[int, tuple[int, int]] = {}
    for message_id in message_ids:
        versions = tree.versions(message_id)
        if len(versions) > 1:
            numbers[message_id] = (versions.index(message_id) + 1, len(versions))
    return numbers
