"""The code blocks of a message's Markdown: their languages and raw texts, and what copying one gives.

They are numbered as the renderer numbers them (``app.render.markdown``), so a block's Copy, its keyboard
stop and its spoken name all speak of the same block.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from app.render.markdown_extensions import language_label
from app.render.parser import new_parser

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MAX_CODE_HEADERS = 100
"""Code blocks of a message past this many are shown without a header bar (language, Copy) or keyboard stop.

An answer of 10,000 empty fences took seconds to show, most of it their header bars and Copy icons; copying
the message still gives every block.
"""


@functools.cache
def _parser() -> MarkdownIt:
    # One for every call: building a parser with its extensions costs about 10 ms, and the code blocks of a
    # message are read on every Send, Copy and keyboard stop. Parsing keeps no state in the parser.
    return new_parser()


def code_sources(source: str) -> list[str]:
    """Return the raw text of every code block in ``source``, in the order the renderer numbers them."""
    return [text for _language, text in code_blocks(source)]


def code_blocks(source: str) -> list[tuple[str, str]]:
    """Every code block in ``source`` as (language label, raw text), numbered as the renderer numbers them.

    The label is what the block's header bar shows ("" for a block without a language).
    """
    # Fences inside lists and quotes are in the flat token list too: markdown-it nests only inline children.
    return [
        (language_label(t.info), t.content)
        for t in _parser().parse(source)
        if t.type in ("fence", "code_block")
    ]


def copied_code(source: str, index: int) -> str | None:
    """What copying the ``index``-th code block of ``source`` puts on the clipboard (None: no such block).

    The one rule for every "Copy" of a code block (the transcript's and the side-by-side answers'): its
    text without the fence's final line break.
    """
    codes = code_sources(source)
    return codes[index].removesuffix("\n") if 0 <= index < len(codes) else None
