"""The controls inside a message the keyboard reaches after its action bar, and "Show earlier messages".

A message's *stops* are its code blocks' Copy, its images' Open, Copy and Save, and its notice's Retry: Tab
goes from the action bar's last button to the first stop, Enter or Space presses it, Ctrl+C on a code block
copies that block, Esc goes back to the message. What a stop does never depends on how it is drawn: a code
block is copied by its number (``copy-code/ID/N``, the action its icon runs on a click), an image by its key
(``copy-image/KEY``) and Retry runs ``retry/ID``.
Only the focus ring looks for the link in the document; when it finds none it rings the region holding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QTextDocument

from app.qt.render.document_edit import MessageRecord
from app.qt.widgets.message_geometry import link_rect
from app.render.code_blocks import code_blocks
from app.render.markdown import shown_image_keys
from app.render.message_html import ACTION_SCHEME, offers_retry

__all__ = ["EARLIER_PATH", "Stop", "banner_stop", "code_copy_name", "message_stops", "stop_rect"]

# The action of the "Show earlier messages" line.
EARLIER_PATH = "load-earlier/0"
# Characters of a code block read out as the stop's description.
_SPOKEN_CHARS = 160


@dataclass(frozen=True, slots=True)
class Stop:
    """One control the keyboard can rest on.

    Attributes:
        path: The action Enter runs (``copy-code/12/0``, ``retry/12``, ``load-earlier/0``).
        name: What it is called: its accessible name ("Copy code block 1 of 2 · python").
        spoken: What a screen reader reads after the name (the code's beginning; "" for none).
        region: Where its link is drawn: the message's "body" or "notice", or the "banner" above every
            message (positions are read when needed: text before it may have moved them).
        message_id: The message it belongs to (None: the banner).
    """

    path: str
    name: str
    spoken: str
    region: str
    message_id: int | None = None

    @property
    def copies_code(self) -> bool:
        """Whether the stop is a code block's Copy (Ctrl+C on it copies that block)."""
        return self.path.startswith("copy-code/")


def message_stops(message: MessageRecord, source: str) -> list[Stop]:
    """The stops of ``message``, whose Markdown is ``source`` (the live text for an answer arriving)."""
    stops: list[Stop] = []
    blocks = code_blocks(source)
    for index, (language, code) in enumerate(blocks):
        name = code_copy_name(index, len(blocks), language)
        text = " ".join(code.split())
        spoken = text[:_SPOKEN_CHARS] + ("…" if len(text) > _SPOKEN_CHARS else "")
        stops.append(
            Stop(f"copy-code/{message.message_id}/{index}", name, spoken, "body", message.message_id)
        )
    for number, key in enumerate(shown_image_keys(source, message.message_id), 1):
        for action, text in (
            ("image", QCoreApplication.translate("MessageFocus", "Open image {0}")),
            ("copy-image", QCoreApplication.translate("MessageFocus", "Copy image {0}")),
            ("save-image", QCoreApplication.translate("MessageFocus", "Save image {0}…")),
        ):
            stops.append(Stop(f"{action}/{key}", text.format(number), "", "body", message.message_id))
    if offers_retry(message):
        name = QCoreApplication.translate("MessageFocus", "Retry: ask for this answer again")
        stops.append(Stop(f"retry/{message.message_id}", name, "", "notice", message.message_id))
    return stops


def code_copy_name(index: int, count: int, language: str) -> str:
    """The name of the ``index``-th of ``count`` code blocks' Copy: "Copy code block 1 of 2 · python"."""
    name = QCoreApplication.translate("MessageFocus", "Copy code block {0} of {1}").format(index + 1, count)
    return f"{name} · {language}" if language else name  # the label its header bar shows


def banner_stop(earlier: int) -> Stop:
    """The "Show earlier messages" line above the first message shown; ``earlier`` messages are not shown."""
    name = QCoreApplication.translate("MessageFocus", "Show earlier messages ({0} more)").format(
        f"{earlier:,}"
    )
    return Stop(EARLIER_PATH, name, "", "banner")


def stop_rect(document: QTextDocument, stop: Stop, message: MessageRecord | None) -> QRectF | None:
    """Where ``stop``'s link is drawn, in document coordinates, else its region's extent (None: nothing).

    ``message``: the message the stop belongs to; for the banner, the first message shown (None: none).
    """
    if stop.region == "banner":
        start, end = 0, message.start.position() if message is not None else document.characterCount()
    elif message is None:
        return None
    else:
        start = message.region_start(stop.region)
        end = start + getattr(message, f"{stop.region}_len")
    found = link_rect(document, start, end, f"{ACTION_SCHEME}:{stop.path}")
    if found is not None or end <= start:
        return found
    layout = document.documentLayout()
    top = layout.blockBoundingRect(document.findBlock(start + 1))
    bottom = layout.blockBoundingRect(document.findBlock(max(end - 1, start)))
    return QRectF(top.left(), top.top(), top.width(), bottom.bottom() - top.top())
