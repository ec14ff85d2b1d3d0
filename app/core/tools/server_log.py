"""A stdio MCP server's stderr log: private (0600), capped in size, keeping the newest output.

The server does not write the file itself: it writes into a pipe, and a small thread copies what arrives into
the file. That is what makes the cap possible: a chatty or looping server could otherwise fill the disk
through a file descriptor the app no longer controls. When the file grows past the cap, its older half is
dropped and a marker line says so; the newest output, which explains a failure, is always kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from pathlib import Path
from typing import BinaryIO, TextIO

from app.core.private_files import create_private_file

__all__ = ["LOG_CAP_BYTES", "STDERR_TAIL_CHARS", "ServerLog", "log_file_name", "read_tail"]

LOG_CAP_BYTES = 1_000_000
"""The most bytes a server's log holds; past it the older half is dropped."""

STDERR_TAIL_CHARS = 2000
"""How much of the log's end is shown with a failure."""

CUT_MARKER = b"[... earlier output cut to keep this log small ...]\n"


def log_file_name(server: str) -> str:
    """The log's file name for ``server``: readable, and unique ("a b" and "a_b" never share a log)."""
    readable = re.sub(r"[^A-Za-z0-9_.-]", "_", server)[:48] or "server"
    return f"mcp-{readable}-{hashlib.sha256(server.encode()).hexdigest()[:8]}.log"


def read_tail(path: Path, chars: int = STDERR_TAIL_CHARS) -> str:
    """The last ``chars`` bytes of the log as text ("" when there is none)."""
    try:
        with path.open("rb") as file:
            file.seek(0, os.SEEK_END)
            file.seek(max(0, file.tell() - chars))
            return file.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


class ServerLog:
    """One start of a server: a pipe for its stderr, copied into ``path`` (emptied first) up to ``cap`` bytes.

    Give :meth:`writer` to the process as its stderr, call :meth:`spawned` once the process runs (or failed
    to start), and :meth:`wait` for the copy to end once it has exited.

    Args:
        path: The log file (created 0600).
        cap: The most bytes the file holds.
    """

    def __init__(self, path: Path, cap: int = LOG_CAP_BYTES) -> None:
        self.path = path
        self._cap = max(cap, 2 * len(CUT_MARKER))
        create_private_file(path)  # stderr may hold what the server was given: 0600
        self._file: BinaryIO = path.open("r+b")
        self._file.truncate(0)
        read_fd, write_fd = os.pipe()
        self._read_fd = read_fd
        self._writer = os.fdopen(write_fd, "w", encoding="utf-8", errors="replace")
        self._thread = threading.Thread(target=self._copy, name=f"mcp-log-{path.stem}", daemon=True)
        self._thread.start()

    def writer(self) -> TextIO:
        """The pipe's write end, for the process's stderr (it needs a real file descriptor)."""
        return self._writer

    def spawned(self) -> None:
        """Close the app's copy of the write end: the copy ends once the server and its children exit."""
        with contextlib.suppress(OSError):
            self._writer.close()

    def wait(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for everything the server wrote to be in the file."""
        self._thread.join(timeout)

    def _copy(self) -> None:
        try:
            while chunk := os.read(self._read_fd, 65536):
                self._append(chunk)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                os.close(self._read_fd)
            with contextlib.suppress(OSError):
                self._file.close()

    def _append(self, chunk: bytes) -> None:
        file = self._file
        file.seek(0, os.SEEK_END)
        if file.tell() + len(chunk) > self._cap:
            # Keep the newest half (the tail explains a failure), starting at a line, behind a marker.
            file.seek(0)
            kept = (file.read() + chunk)[-(self._cap // 2) :]
            newline = kept.find(b"\n")
            if 0 <= newline < len(kept) - 1:
                kept = kept[newline + 1 :]
            file.seek(0)
            file.write(CUT_MARKER + kept)
            file.truncate()
        else:
            file.write(chunk)
        file.flush()
