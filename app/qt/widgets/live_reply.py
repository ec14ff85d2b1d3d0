"""The reply being streamed into the transcript: its record, its renderer and the text not shown yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QTextCursor

from app.qt.render.document_edit import MessageRecord
from app.render.incremental import StreamingMarkdown

__all__ = ["LiveReply"]


@dataclass(slots=True)
class LiveReply:
    """The message being streamed: its record, its incremental renderer and the text not shown yet."""

    message: MessageRecord
    markdown: StreamingMarkdown
    buffer: list[str] = field(default_factory=list)
    committed_len: int = 0
    tail_len: int = 0
    thoughts_dirty: bool = False
    formulas_ready: bool = False  # typeset formulas arrived: the tail and waiting blocks are drawn again
    # Committed blocks showing a formula as source: block key -> (a cursor at the block's start, its length).
    waiting_blocks: dict[int, tuple[QTextCursor, int]] = field(default_factory=dict)
    # Committed blocks carrying on a long paragraph committed in parts: block key -> a cursor at its start.
    joins: dict[int, QTextCursor] = field(default_factory=dict)
    # end_stream's arguments while a large backlog is still being shown (see ``TranscriptView.end_stream``).
    ending: tuple[str, str | None, str | None, str] | None = None
    # The theme or text size changed meanwhile: what was committed before is drawn again once the reply ends.
    restyled: bool = False

    def waits_for_formulas(self) -> bool:
        """Whether a formula of the reply is still shown as its source while it is typeset."""
        return bool(self.waiting_blocks) or self.markdown.tail_waits_for_formulas

    def buffered_chars(self) -> int:
        """Characters received but not shown yet."""
        return sum(map(len, self.buffer))

    def take(self, limit: int | None) -> str:
        """Take up to ``limit`` buffered characters (all when None) off the buffer, oldest first."""
        delta = "".join(self.buffer)
        self.buffer.clear()
        if limit is not None and len(delta) > limit:
            self.buffer.append(delta[limit:])
            delta = delta[:limit]
        return delta

    def source(self) -> str:
        """The reply's Markdown so far: what is shown and what is buffered."""
        return self.markdown.text + "".join(self.buffer)
