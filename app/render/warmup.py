"""Warm the render stack off the GUI thread, so the first answer does not pay for it in one piece.

The first message the app shows imports markdown-it with its plugins (about 85 modules), compiles
linkify-it's large URL patterns (Python's ``re`` cache holds them for every parser), and loads each code
block language's Pygments lexer, whose token tables are compiled on first use (15-45 ms for Python or CSS).
On the GUI thread that came in pieces of 20-190 ms while the first answer streamed. ``start_render_warmup``
does the same work once in a background thread, after the window has painted, while the user is still
typing: the renderers built later find the modules imported and the patterns compiled.

It is safe off the GUI thread: it touches no Qt object and shares no renderer. It builds its own
``MarkdownRenderer``, renders a sample with it and drops it; what it leaves behind is process-wide and
thread-safe (``sys.modules`` under the import lock, ``re``'s cache, a lexer class's compiled tokens). If the
GUI thread needs a module first, it simply waits for that import to finish, as it would have paid for it
anyway.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from app.render.markdown import MarkdownRenderer
from app.render.palette import DARK, LIGHT

__all__ = ["WARM_LANGUAGES", "start_render_warmup", "warm_render_stack"]

_LOG = logging.getLogger(__name__)

WARM_LANGUAGES = ("python", "javascript", "bash", "json")
"""Code block languages whose lexers are loaded ahead, among the most frequent in answers. Others load when
first shown: a lexer's compiled token table stays in memory (0.1-1 MB each), and the idle app must stay under
120 MB, so not all of Pygments' 500 (the markdown stack and these four add about 5 MB)."""

# Every block and inline rule the renderer styles: a bare link and a link (linkify's patterns), a table,
# a task list, a footnote, strikethrough, a quote, inline and display math (shown as source: no typesetter).
_SAMPLE = """\
# Title

Text with **bold**, *italic*, `code`, ~~struck~~, a link to https://example.com/path?q=1 and
[another](https://example.org "title"), a note[^1] and math $x^2$.

- [x] done
- [ ] open
  1. nested

> quoted

| a | b |
|:--|--:|
| 1 | 2 |

$$
\\frac{a}{b}
$$

[^1]: The note.
"""

_CODE = "x = 1\nif x:\n    print('x')\n"


def warm_render_stack(languages: Sequence[str] = WARM_LANGUAGES) -> None:
    """Import and compile what rendering the first answer needs (any thread; takes 100-250 ms of CPU)."""
    fences = "".join(f"\n```{language}\n{_CODE}```\n" for language in languages)
    for palette in (LIGHT, DARK):  # their Pygments styles differ
        MarkdownRenderer(palette).render(_SAMPLE + fences)


def start_render_warmup(languages: Sequence[str] = WARM_LANGUAGES) -> threading.Thread:
    """Run ``warm_render_stack`` in a background (daemon) thread; return the started thread."""

    def run() -> None:
        try:
            warm_render_stack(languages)
        except Exception:  # warming is only a head start: the GUI thread does the work if this fails
            _LOG.debug("render warm-up failed", exc_info=True)

    thread = threading.Thread(target=run, name="render-warmup", daemon=True)
    thread.start()
    return thread
