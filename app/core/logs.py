"""Where log records go, with every known secret removed from the final text.

Warnings and errors always go to stderr. Setting ``GEMINI_DESK_LOG`` to ``debug``, ``info``, ``warning`` or
``error`` also writes records of that level and above to ``gemini-desk.log`` in the log directory; ``debug``
includes the HTTP libraries' own records (requests, status lines, connection steps: no bodies), which is
what a bug report needs. Other libraries' records stay out of the file: qasync's executor, for one, logs the
arguments and results of every job it runs, which are whole imported files and exported conversations. The
app's own records give sizes and counts, never message text.

Redaction happens in the formatter, on the finished line (message, arguments and traceback together), because
a secret can reach a record through any of them: an exception text that quotes a rejected key, a URL, a
repr. ``app.core.redaction`` decides which forms of a secret are removed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from app.core.private_files import create_private_file
from app.core.redaction import Redactor

__all__ = ["LOG_ENV", "LOG_FILE_NAME", "AppLogging", "OwnRecordsFilter", "RedactingFormatter"]

LOG_ENV = "GEMINI_DESK_LOG"
LOG_FILE_NAME = "gemini-desk.log"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose debug records describe their own inner steps (markdown-it logs every rule it tries, for
# every block of every reply): kept at INFO even in a debug log, where they would drown everything else.
_CHATTY_LOGGERS = ("markdown_it",)
# The loggers whose records may reach the log file: the app's own and the HTTP stack's.
_FILE_LOGGERS = ("app", "httpx", "httpcore")


class OwnRecordsFilter(logging.Filter):
    """Passes only records of the loggers in ``_FILE_LOGGERS`` (and their children)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Whether ``record`` comes from the app or the HTTP stack."""
        return any(record.name == name or record.name.startswith(name + ".") for name in _FILE_LOGGERS)


class RedactingFormatter(logging.Formatter):
    """A formatter whose finished lines never contain a secret the ``Redactor`` knows."""

    def __init__(self, redactor: Redactor, fmt: str = _FORMAT) -> None:
        super().__init__(fmt)
        self._redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        """Format the record as usual, then remove the secrets from the whole text."""
        return self._redactor.redact(super().format(record))


class AppLogging:
    """The app's log handlers on the root logger, installed by the composition root and removed at exit.

    Args:
        log_dir: Where ``gemini-desk.log`` is written when ``GEMINI_DESK_LOG`` asks for a log file.
        environ: The process environment.
        stream: Where warnings go (stderr).
        console: Whether warnings go to ``stream`` at all. The command-line client reports every failure in
            its own words on stderr, so a log line there would only say the same thing less clearly.
    """

    def __init__(
        self,
        log_dir: Path,
        environ: Mapping[str, str],
        stream: TextIO | None = None,
        *,
        console: bool = True,
    ) -> None:
        self.redactor = Redactor()
        formatter = RedactingFormatter(self.redactor)
        root = logging.getLogger()
        self._root = root
        self._previous_level = root.level
        # Without a console, a handler that drops everything: with no handler at all, Python's last resort
        # would print warnings to stderr anyway.
        shown: logging.Handler = logging.NullHandler()
        if console:
            shown = logging.StreamHandler(stream if stream is not None else sys.stderr)
        shown.setLevel(logging.WARNING)
        shown.setFormatter(formatter)
        self._handlers: list[logging.Handler] = [shown]
        self._chatty_levels: dict[str, int] = {}
        self.level = _LEVELS.get(environ.get(LOG_ENV, "").strip().lower())
        self.log_file: Path | None = None
        if self.level is not None:
            self.log_file = log_dir / LOG_FILE_NAME
            create_private_file(self.log_file)
            file_handler = logging.FileHandler(self.log_file, encoding="utf-8")
            file_handler.setLevel(self.level)
            file_handler.setFormatter(formatter)
            file_handler.addFilter(OwnRecordsFilter())
            self._handlers.append(file_handler)
            root.setLevel(min(self.level, logging.WARNING))
            for name in _CHATTY_LOGGERS:
                chatty = logging.getLogger(name)
                self._chatty_levels[name] = chatty.level
                chatty.setLevel(max(self.level, logging.INFO))
        for handler in self._handlers:
            root.addHandler(handler)

    def add_secret(self, secret: str | None) -> None:
        """Redact ``secret`` from every line written from now on."""
        self.redactor.add(secret)

    def close(self) -> None:
        """Remove and close the handlers (the root logger is as it was before)."""
        for handler in self._handlers:
            self._root.removeHandler(handler)
            handler.close()
        self._handlers = []
        self._root.setLevel(self._previous_level)
        for name, level in self._chatty_levels.items():
            logging.getLogger(name).setLevel(level)
