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
from dataclasses import dataclass, field

__all__ = ["MessageTree", "TreeNode", "version_numbers"]


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One message's place in the tree.

    Attributes:
        id: The message.
        parent_id: The message it follows, or None for a first message.
        chosen_rank: Higher is more recently chosen among its siblings.
        position: Creation order inside the conversation.
    """

    id: int
    parent_id: int | None
    chosen_rank: int
    position: int


@dataclass(frozen=True, slots=True)
class MessageTree:
    """A conversation's tree of messages (its shape, not its content).

    Build it with :meth:`of`. Siblings are listed in creation order, the order "‹ n / m ›" counts in.
    """

    nodes: dict[int, TreeNode]
    children: dict[int | None, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: Iterable[TreeNode]) -> MessageTree:
        """The tree of ``nodes`` (any order); a node whose parent is missing counts as a first message."""
        by_id = {node.id: node for node in nodes}
        children: dict[int | None, list[int]] = {}
        for node in sorted(by_id.values(), key=lambda n: n.position):
            parent = node.parent_id if node.parent_id in by_id else None
            children.setdefault(parent, []).append(node.id)
        return cls(by_id, children)

    def parent(self, message_id: int) -> int | None:
        """The parent of a message in this tree (None for a first message)."""
        parent = self.nodes[message_id].parent_id
        return parent if parent in self.nodes else None

    def versions(self, message_id: int) -> list[int]:
        """The message and its siblings, in creation order."""
        return self.children.get(self.parent(message_id), [])

    def selected_child(self, parent_id: int | None) -> int | None:
        """The selected child of a message (of the conversation for None), or None at a leaf."""
        kids = self.children.get(parent_id)
        if not kids:
            return None
        return max(kids, key=lambda kid: (self.nodes[kid].chosen_rank, self.nodes[kid].position))

    def selected_path(self) -> list[int]:
        """The ids of the selected path, first message first."""
        return self.path_below(None)

    def path_below(self, message_id: int | None) -> list[int]:
        """The selected path from below ``message_id`` down to a leaf (``message_id`` itself excluded)."""
        path: list[int] = []
        child = self.selected_child(message_id)
        while child is not None and len(path) <= len(self.nodes):  # a damaged file could hold a cycle
            path.append(child)
            child = self.selected_child(child)
        return path

    def ancestry(self, message_id: int) -> list[int]:
        """The path from the first message down to ``message_id`` (inclusive)."""
        line = [message_id]
        parent = self.parent(message_id)
        while parent is not None and len(line) <= len(self.nodes):  # a damaged file could hold a cycle
            line.append(parent)
            parent = self.parent(parent)
        line.reverse()
        return line

    def subtree(self, message_id: int) -> list[int]:
        """``message_id`` and every message below it, parents before their children."""
        found = [message_id]
        index = 0
        while index < len(found):
            found.extend(self.children.get(found[index], []))
            index += 1
        return found


def version_numbers(tree: MessageTree, message_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(number from 1, count) of each of ``message_ids`` that has other versions: what "‹ n / m ›" shows."""
    numbers: dict[int, tuple[int, int]] = {}
    for message_id in message_ids:
        versions = tree.versions(message_id)
        if len(versions) > 1:
            numbers[message_id] = (versions.index(message_id) + 1, len(versions))
    return numbers
