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
