"""Lay the render warm-up's sample out once on the GUI thread, so the first answer's first frame does not.

The first layout of an answer loads what Qt keeps per thread: the font engines of the transcript's faces
(body, bold, italic, headings, the code font), the fallback font for Chinese, their shaping tables. The first
answer's first frame paid for it, about 7 ms of its 14 (measured on the streaming benchmark's first answer;
the later frames took 5-9 ms). The background warm-up (``app.render.warmup``) cannot do this part: Qt's font
cache belongs to the thread that uses it. So once the warm-up hands back its sample's HTML, the GUI thread
lays it out in a scratch document set up like the transcript's, and drops it (10-20 ms once, after the
window has painted and before the user has typed a question).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future

from PySide6.QtGui import QTextDocument

__all__ = ["lay_out_when_rendered", "warm_layout"]

_LOG = logging.getLogger(__name__)

# A reading column's width when the transcript has none yet (it is hidden, or not laid out).
_FALLBACK_WIDTH = 760.0


def warm_layout(document: QTextDocument, html: str) -> float:
    """Lay out ``html`` in a scratch document with ``document``'s font, style sheet and measures.

    ``document`` itself is left as it is. Returns the laid-out height, in pixels.
    """
    scratch = QTextDocument()
    scratch.setDefaultFont(document.defaultFont())
    scratch.setDefaultStyleSheet(document.defaultStyleSheet())
    scratch.setDocumentMargin(document.documentMargin())
    scratch.setIndentWidth(document.indentWidth())
    width = document.textWidth()
    scratch.setTextWidth(width if width > 0 else _FALLBACK_WIDTH)
    scratch.setHtml(html)
    return float(scratch.documentLayout().documentSize().height())


async def lay_out_when_rendered(warmup: Future[str], document: QTextDocument) -> bool:
    """Once ``warmup`` has rendered its sample, lay it out on this (the GUI) thread; say whether it was.

    A failed warm-up, or a transcript gone meanwhile (the window rebuilt), is no error: the first answer
    then pays for its first layout as before.
    """
    try:
        html = await asyncio.wrap_future(warmup)
        warm_layout(document, html)
    except asyncio.CancelledError:
        raise
    except Exception:
        _LOG.debug("laying out the warm-up's sample failed", exc_info=True)
        return False
    return True
