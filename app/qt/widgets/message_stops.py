"""The controls inside a message the keyboard reaches after its action bar, and "Show earlier messages".

A message's *stops* are its code blocks' Copy, its images' Open, Copy and Save, its links (those that can
open: http, https, mailto), in the order the message shows them, then its notice's Retry: Tab goes from the
action bar's last button to the first stop, Enter or Space presses it (a link opens as a click would, asking
first when it could mislead), Ctrl+C on a code block copies that block, Esc goes back to the message. What a
stop does never depends on how it is drawn: a code block is copied by its number (``copy-code/ID/N``, the
action its icon runs on a click), an image by its key (``copy-image/KEY``), a link is the message's N-th
(``open-link/ID/N``) and Retry runs ``retry/ID``. Only the focus ring and the order look for the links in the
document; when the ring finds none it rings the region holding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QTextDocument

from app.core.link_safety import OPENABLE_SCHEMES, link_scheme
from app.core.visible_text import reveal_invisible
from app.qt.render.document_edit import MessageRecord
from app.qt.widgets.message_geometry import link_rect
from app.render.code_blocks import MAX_CODE_HEADERS, code_blocks
from app.render.markdown import shown_image_keys
from app.render.message_html import ACTION_SCHEME, offers_retry

__all__ = [
    "EARLIER_PATH",
    "LINK_ACTION",
    "Stop",
    "banner_stop",
    "body_links",
    "code_copy_name",
    "message_stops",
    "stop_rect",
]

# The action of the "Show earlier messages" line.
EARLIER_PATH = "load-earlier/0"
# Characters of a code block read out as the stop's description.
_SPOKEN_CHARS = 160
# The action of a link's stop: ``open-link/MESSAGE/N`` opens the message's N-th link (``body_links``).
LINK_ACTION = "open-link"


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
        href: A link's target, which the document's anchor carries (""; the app's action link otherwise).
    """

    path: str
    name: str
    spoken: str
    region: str
    message_id: int | None = None
    href: str = ""

    @property
    def anchor(self) -> str:
        """The href of the link the stop is drawn as in the document."""
        return self.href or f"{ACTION_SCHEME}:{self.path}"

    @property
    def copies_code(self) -> bool:
        """Whether the stop is a code block's Copy (Ctrl+C on it copies that block)."""
        return self.path.startswith("copy-code/")


def message_stops(document: QTextDocument, message: MessageRecord, source: str) -> list[Stop]:
    """The stops of ``message``, whose Markdown is ``source`` (the live text for an answer arriving).

    In the order the message shows them (its links found in ``document``), Retry last.
    """
    stops = _action_stops(message, source)
    retry = [stop for stop in stops if stop.region == "notice"]
    body = [stop for stop in stops if stop.region != "notice"]
    link_name = QCoreApplication.translate("MessageFocus", "Link: {0}")
    runs = _anchor_runs(document, message)  # read once: the links, and the order of every stop
    for number, (href, text) in enumerate(_openable(runs)):
        path = f"{LINK_ACTION}/{message.message_id}/{number}"
        name = link_name.format(reveal_invisible(text.strip() or href))
        body.append(Stop(path, name, reveal_invisible(href), "body", message.message_id, href))
    anchors = [href for href, _text in runs]
    order = {anchor: place for place, anchor in reversed(list(enumerate(anchors)))}
    # A stop whose link is not drawn (yet) keeps its place after those that are.
    body.sort(key=lambda stop: order.get(stop.anchor, len(anchors)))
    return body + retry


def body_links(document: QTextDocument, message: MessageRecord) -> list[tuple[str, str]]:
    """The links in ``message``'s body that can open (http, https, mailto): (target, text), in order."""
    return _openable(_anchor_runs(document, message))


def _openable(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(href, text) for href, text in runs if link_scheme(href) in OPENABLE_SCHEMES]


def _anchor_runs(document: QTextDocument, message: MessageRecord) -> list[tuple[str, str]]:
    """Every run of linked text in the message's body: (href, text), in document order."""
    start = message.region_start("body")
    end = start + message.body_len
    runs: list[tuple[str, str]] = []
    block = document.findBlock(max(start, 0))
    while block.isValid() and block.position() < end:
        iterator = block.begin()
        previous = ""  # a link's text may be several fragments (bold inside it): one run
        while not iterator.atEnd():
            fragment = iterator.fragment()
            iterator += 1
            if not fragment.isValid() or not start <= fragment.position() < end:
                continue
            char_format = fragment.charFormat()
            href = char_format.anchorHref() if char_format.isAnchor() else ""
            if href and href == previous:
                runs[-1] = (href, runs[-1][1] + fragment.text())
            elif href:
                runs.append((href, fragment.text()))
            previous = href
        block = block.next()
    return runs


def _action_stops(message: MessageRecord, source: str) -> list[Stop]:
    stops: list[Stop] = []
    blocks = code_blocks(source)
    for index, (language, code) in enumerate(blocks[:MAX_CODE_HEADERS]):  # the blocks with a Copy
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
    found = link_rect(document, start, end, stop.anchor)
    if found is not None or end <= start:
        return found
    layout = document.documentLayout()
    top = layout.blockBoundingRect(document.findBlock(start + 1))
    bottom = layout.blockBoundingRect(document.findBlock(max(end - 1, start)))
    return QRectF(top.left(), top.top(), top.width(), bottom.bottom() - top.top())
