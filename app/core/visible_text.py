"""Text from outside (model output, import files, file names) with nothing invisible that could mislead.

Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE turns ``invoice‮fdp.exe`` into what reads as ``invoiceexe.pdf``)
and zero-width characters show nothing, yet change what a title, a file name or a tooltip appears to say.
Where people read such text, ``reveal_invisible`` shows each one as a visible ``[U+202E]``; where it becomes a
file name, ``safe_file_name`` drops them with the folders.

The zero-width joiner and non-joiner (U+200D, U+200C) are left alone: emoji sequences and Persian and Indic
scripts need them, and they reorder nothing.

Where a line of Markdown is read as plain words (a title, a search result's snippet), ``strip_markup`` drops
its marks.
"""

from __future__ import annotations

import re
import unicodedata

# The bidi embeddings, overrides and isolates: they reorder the text after them.
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Characters Windows and macOS refuse in file names, and the controls no file name should hold.
_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_MAX_NAME_LENGTH = 120
# Markdown's marks: HTML tags (whole: dropping their ">" alone left "<bBold</b"), emphasis, code, headings,
# quotes, link brackets and a link's target. An underscore inside a word (``snake_case``) is part of the word.
_MARKUP = re.compile(r"</?[A-Za-z][^<>\n]*>|\]\([^)\s]*\)|[#*`>\[\]~]+|(?<!\w)_+|_+(?!\w)")
# What a terminal obeys instead of showing: C0 controls but the line feed and tab (ESC starts colour, cursor,
# title and clipboard sequences; a carriage return overwrites the line), DEL, C1 controls (0x9b is a one-byte
# CSI), and the bidi embeddings, overrides and isolates, which reorder the rest of the line.
# What breaks a line or hides itself in one: C0 controls (line feed and tab included), DEL and C1 controls,
# and the line and paragraph separators.
_LINE_BREAKERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def reveal_invisible(text: str) -> str:
    """``text`` with every bidi control and zero-width character shown as ``[U+XXXX]``."""
    return _INVISIBLE.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def reveal_reordering(text: str) -> str:
    """``text`` with each bidi embedding, override and isolate shown as ``[U+XXXX]``; all else kept.

    For longer text people read, such as an answer: U+202E before ``txt.exe`` made it read as ``exe.txt``,
    and code holding them can read differently from what it does. The marks that only nudge direction
    (U+200E, U+200F) and zero-width characters stay: right-to-left prose uses them.
    """
    return _REORDERING.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def visible_line(text: str) -> str:
    """``text`` fit for one line of a list or a label: invisible characters and controls as ``[U+XXXX]``.

    A gateway's model id or name is one line: a line break in it made a picker row overlap the next, and a
    right-to-left override made ``gemini-\u202eexe.live`` read as ``gemini-evil.exe``.
    """
    return _LINE_BREAKERS.sub(lambda match: f"[U+{ord(match.group()):04X}]", reveal_invisible(text))


def for_terminal(text: str) -> str:
    """``text`` fit to print to a terminal: every control it would obey is shown as ``[U+XXXX]``.

    Line feeds and tabs stay; a carriage return is dropped (CR LF ends a line as LF does, and a lone one would
    only let later text overwrite the line).
    """
    return _TERMINAL_CONTROLS.sub(
        lambda match: "" if match.group() == "\r" else f"[U+{ord(match.group()):04X}]", text
    )


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and zero-width characters."""
    return _INVISIBLE.sub("", text)


def strip_markup(text: str, gap: str = "") -> str:
    """``text`` read as plain words: Markdown's marks (``**``, backticks, ``#``, ``>``, ``[…](url)``) dropped.

    Args:
        text: A line or a few lines of Markdown.
        gap: What each run of marks becomes ("" joins what was around it; " " keeps words apart).
    """
    return _MARKUP.sub(gap, text)


def safe_file_name(name: str, fallback: str = "") -> str:
    r"""A name that is only a file's own name: fit to suggest in a "Save as" dialog.

    The folders are dropped (``/home/u/.bashrc`` and ``C:\\x\\y.txt`` give ``bashrc`` and ``y.txt``), as are
    invisible and control characters, characters file systems refuse, and leading dots (no hidden files).

    Args:
        name: A name from outside (an import file, a model's reply).
        fallback: What to return when nothing usable is left.
    """
    base = re.split(r"[/\\]", name)[-1]
    base = unicodedata.normalize("NFC", strip_invisible(base))
    base = _UNSAFE_IN_NAMES.sub(" ", base).strip().lstrip(".").strip()
    if len(base) > _MAX_NAME_LENGTH:
        _, dot, suffix = base.rpartition(".")
        keep = suffix if dot and len(suffix) <= 10 else ""
        base = base[: _MAX_NAME_LENGTH - len(keep) - 1].rstrip() + ("." + keep if keep else "")
    return base or fallback
