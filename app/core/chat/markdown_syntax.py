"""Writing Markdown safely: the one home for escaping text, fencing code and writing code spans.

The transcript's reply Markdown (``display``), the attachment chips (``attachments``) and the Markdown export
(``export``) all put untrusted text (model output, file names, source titles) into Markdown; these helpers
make sure such text reads as itself and never as Markdown syntax.
"""

from __future__ import annotations

import re

# What could turn a name or title into Markdown inside a line: emphasis, code, links, HTML, tables.
# Characters that only mean something at the start of a line ("#", "-", "1.") need no escape in a label.
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>~|])")
_SPACES = re.compile(r"\s+")
_BACKTICKS = re.compile(r"`+")


def escape(text: str) -> str:
    """``text`` on one line, with the characters that could make it Markdown syntax backslash-escaped."""
    return _PUNCTUATION.sub(r"\\\1", _SPACES.sub(" ", text).strip())


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def fence(content: str, info: str = "") -> str:
    """A fenced code block around ``content``, its fence longer than any backtick run inside it."""
    if content and not content.endswith("\n"):
        content += "\n"
    ticks = "`" * max(3, _longest_backtick_run(content) + 1)
    return f"{ticks}{info}\n{content}{ticks}"


def code_span(text: str) -> str:
    """An inline code span showing ``text`` verbatim, its delimiters longer than any backtick run inside."""
    ticks = "`" * (_longest_backtick_run(text) + 1)
    # A space inside each delimiter keeps a backtick at either end of the text from joining the delimiter;
    # CommonMark drops one such space on each side, so the span still shows exactly the text.
    pad = (
        " "
        if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" "))
        else ""
    )
    return f"{ticks}{pad}{text}{pad}{ticks}"


# An ATX heading's hashes, after whatever container markers (quotes, list items) precede them on its line.
_ATX_HASHES = re.compile(r"^([ \t>*+\-0-9.)]*?)(#{1,6})(?=[ \t]|\r?\n|$)")


def demote_headings(text: str, levels: int) -> str:
    """``text`` with every heading ``levels`` levels lower (``#`` becomes ``###`` for 2), at most level 6.

    A document that embeds a message under its own headings uses this, so that "# A long answer" inside the
    message never reads as the start of a new section of the document. Code blocks are left alone (the
    parser decides what a heading is); underlined (setext) headings become ``#`` headings.
    """
    if "#" not in text and "\n=" not in text and "\n-" not in text:
        return text
    from markdown_it import MarkdownIt  # lazy: the export is not on the start-up path

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines = text.splitlines(keepends=True)
    headings = [t for t in tokens if t.type == "heading_open" and t.map is not None]
    for token in reversed(headings):  # from the end, so earlier line numbers stay valid
        start, end = token.map  # type: ignore[misc]
        hashes = "#" * min(6, int(token.tag[1:]) + levels)
        if token.markup.startswith("#"):
            lines[start] = _ATX_HASHES.sub(rf"\g<1>{hashes}", lines[start], count=1)
        elif token.level == 0:  # an underlined heading at the top level: its lines, then the underline
            content = " ".join(line.strip() for line in lines[start : end - 1])
            newline = "\n" if lines[end - 1].endswith("\n") else ""
            lines[start:end] = [f"{hashes} {content}{newline}"]
    return "".join(lines)
