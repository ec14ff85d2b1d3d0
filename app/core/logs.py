"""Where log records go, with every known secret removed from the final text.

Warnings and errors always go to stderr. Setting ``GEMINI_DESK_LOG`` to ``debug``, ``info``, ``warning`` or
``error`` also writes records of that level and above to ``gemini-desk.log`` in the log directory; ``debug``
includes the HTTP libraries' own records, which is what a bug report needs.

Redaction happens in the formatter, on the finished line (message, arguments and traceback together), because
a secret can reach a record through any of them: an exception text that quotes a rejected key, a URL, a
repr. Each secret is redacted in the forms it travels in: as is, percent-encoded (in a URL or a form body)
and base64-encoded (in an ``Authorization: Basic`` header or a data URL).
"""

from __future__ import annotations

import base64
import logging
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO
from urllib.parse import quote, quote_plus

__all__ = ["LOG_ENV", "LOG_FILE_NAME", "AppLogging", "RedactingFormatter", "Redactor", "secret_forms"]

LOG_ENV = "GEMINI_DESK_LOG"
LOG_FILE_NAME = "gemini-desk.log"
REDACTED = "***"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
# Shorter strings would redact ordinary words; a real key is always much longer.
_MIN_SECRET_LENGTH = 6
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose debug records describe their own inner steps (markdown-it logs every rule it tries, for
# every block of every reply): kept at INFO even in a debug log, where they would drown everything else.
_CHATTY_LOGGERS = ("markdown_it",)


def secret_forms(secret: str) -> set[str]:
    """The ways ``secret`` can appear in text: as is, percent-encoded, and base64-encoded.

    Returns:
        The distinct forms, empty for a secret too short to redact safely.
    """
    secret = secret.strip()
    if len(secret) < _MIN_SECRET_LENGTH:
        return set()
    raw = secret.encode("utf-8")
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        forms.add(text)
        forms.add(text.rstrip("="))
    return forms


class Redactor:
    """The secrets known so far, and their removal from text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._forms: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Redact ``secret`` (in all its forms) from now on; None or a too short value is ignored."""
        if not secret:
            return
        known = set(self._forms)
        # Longest first, so a form that contains another is replaced whole.
        self._forms = sorted(known | secret_forms(secret), key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Return ``text`` with every known secret replaced by ``***``."""
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        return text


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
    """

    def __init__(self, log_dir: Path, environ: Mapping[str, str], stream: TextIO | None = None) -> None:
        self.redactor = Redactor()
        formatter = RedactingFormatter(self.redactor)
        root = logging.getLogger()
        self._root = root
        self._previous_level = root.level
        console = logging.StreamHandler(stream if stream is not None else sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(formatter)
        self._handlers: list[logging.Handler] = [console]
        self._chatty_levels: dict[str, int] = {}
        self.level = _LEVELS.get(environ.get(LOG_ENV, "").strip().lower())
        self.log_file: Path | None = None
        if self.level is not None:
            self.log_file = log_dir / LOG_FILE_NAME
            file_handler = logging.FileHandler(self.log_file, encoding="utf-8")
            file_handler.setLevel(self.level)
            file_handler.setFormatter(formatter)
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
