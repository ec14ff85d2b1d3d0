"""What the status line says while several models answer one question: all of them, not the last one heard.

"3 models answering: 1 done, 1 at 412 tokens, 1 failed", then "3 models answered: 2 done, 1 failed." once
the last has ended. The line's tooltip has one line per model ("Gemini 2.5 Pro: 412 tokens so far"). The
side-by-side columns show each model's own figures (first token, tokens per second, tokens).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from app.core.gemini.model_names import display_name

__all__ = ["SeveralReplies"]

# Statuses a reply ends with, as the line counts them.
_DONE = "complete"
_STOPPED = "stopped"
_CUT = "interrupted"


@dataclass
class _Reply:
    model: str
    arrived: bool = False  # text or thoughts came in
    tokens: int = 0  # output tokens so far (the last usage figures)
    ended: str = ""  # the final status, "" while it streams


@dataclass
class _Group:
    replies: dict[int, _Reply] = field(default_factory=dict)

    def ended(self) -> bool:
        return all(reply.ended for reply in self.replies.values())


class SeveralReplies(QObject):
    """Follows each conversation's several-model answers and words the status line about them.

    Args:
        parent: The owner (the status line's presenter).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: dict[int, _Group] = {}

    def started(self, conversation_id: int, replies: dict[int, str]) -> None:
        """Several models were asked at once: reply id -> model."""
        self._groups[conversation_id] = _Group({mid: _Reply(model) for mid, model in replies.items()})

    def follows(self, conversation_id: int, message_id: int | None = None) -> bool:
        """Whether the conversation's line is about several answers (and ``message_id`` is one of them)."""
        group = self._groups.get(conversation_id)
        return group is not None and (message_id is None or message_id in group.replies)

    def another_started(self, conversation_id: int, message_id: int, live: set[int]) -> None:
        """A reply outside the group started; ``live``: the conversation's replies streaming now.

        A new question ends the group; a tool step's next turn (one of the group still streams) does not.
        """
        group = self._groups.get(conversation_id)
        if group is not None and message_id not in group.replies and not live & set(group.replies):
            del self._groups[conversation_id]

    def reply_ids(self, conversation_id: int) -> list[int]:
        """The replies of the conversation's group, in the order they were asked."""
        group = self._groups.get(conversation_id)
        return list(group.replies) if group is not None else []

    def arrived(self, conversation_id: int, message_id: int) -> bool:
        """Text came in; returns whether that changes the line (the reply's first)."""
        reply = self._reply(conversation_id, message_id)
        if reply is None or reply.arrived:
            return False
        reply.arrived = True
        return True

    def counted(self, conversation_id: int, message_id: int, tokens: int) -> bool:
        """A reply's output tokens so far; returns whether that changes the line."""
        reply = self._reply(conversation_id, message_id)
        if reply is None or reply.tokens == tokens:
            return False
        reply.tokens, reply.arrived = tokens, reply.arrived or tokens > 0
        return True

    def ended(self, conversation_id: int, message_id: int, status: str) -> bool:
        """A reply ended with ``status``; returns True when it was the group's last one."""
        reply = self._reply(conversation_id, message_id)
        if reply is None:
            return False
        reply.ended = status or "error"
        group = self._groups[conversation_id]
        return group.ended()

    def line(self, conversation_id: int) -> tuple[str, str]:
        """The status line's text and its tooltip (one line per model) for the conversation's group."""
        group = self._groups.get(conversation_id)
        if group is None:
            return "", ""
        replies = list(group.replies.values())
        parts: list[str] = []
        count = {status: sum(r.ended == status for r in replies) for status in (_DONE, _STOPPED, _CUT)}
        failed = sum(bool(r.ended) and r.ended not in count for r in replies)
        if count[_DONE]:
            parts.append(self.tr("{0} done").format(count[_DONE]))
        counting = [r.tokens for r in replies if not r.ended and r.tokens]
        answering = sum(not r.ended and r.arrived for r in replies) - len(counting)
        if len(counting) == 1:
            parts.append(self.tr("1 at {0} tokens").format(f"{counting[0]:,}"))
        elif counting:
            tokens = " / ".join(f"{t:,}" for t in counting)
            parts.append(self.tr("{0} at {1} tokens").format(len(counting), tokens))
        if answering:
            parts.append(self.tr("{0} answering").format(answering))
        waiting = sum(not r.ended and not r.arrived for r in replies)
        if waiting:
            parts.append(self.tr("{0} waiting").format(waiting))
        if count[_STOPPED]:
            parts.append(self.tr("{0} stopped").format(count[_STOPPED]))
        if count[_CUT]:
            parts.append(self.tr("{0} cut off").format(count[_CUT]))
        if failed:
            parts.append(self.tr("{0} failed").format(failed))
        listed = self.tr(", ").join(parts)
        if group.ended():
            text = self.tr("{0} models answered: {1}.").format(len(replies), listed)
        else:
            text = self.tr("{0} models answering: {1}").format(len(replies), listed)
        return text, "\n".join(self._model_line(reply) for reply in replies)

    def _model_line(self, reply: _Reply) -> str:
        name = display_name(reply.model)
        tokens = f"{reply.tokens:,}"
        if not reply.ended:
            if reply.tokens:
                return self.tr("{0}: {1} tokens so far").format(name, tokens)
            return (
                self.tr("{0}: answering").format(name)
                if reply.arrived
                else self.tr("{0}: waiting").format(name)
            )
        states = {
            _DONE: self.tr("{0}: done, {1} tokens"),
            _STOPPED: self.tr("{0}: stopped, {1} tokens kept"),
            _CUT: self.tr("{0}: cut off, {1} tokens kept"),
        }
        return states.get(reply.ended, self.tr("{0}: failed")).format(name, tokens)

    def _reply(self, conversation_id: int, message_id: int) -> _Reply | None:
        group = self._groups.get(conversation_id)
        return group.replies.get(message_id) if group is not None else None
