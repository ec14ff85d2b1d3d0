"""Reading a child process's output on threads, so a test can wait for a line without blocking forever."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable


class ChildOutput:
    """Collects a child's stdout and stderr lines on two daemon threads.

    Args:
        process: A child started with ``stdout=PIPE, stderr=PIPE, text=True``.
    """

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.errors: list[str] = []
        self._changed = threading.Condition()
        self._threads = [
            threading.Thread(target=self._read, args=(process.stdout, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(process.stderr, self.errors), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read(self, stream: object, into: list[str]) -> None:
        assert stream is not None
        with stream:  # type: ignore[attr-defined]  # closed at EOF, not left to the garbage collector
            for line in stream:  # type: ignore[attr-defined]
                with self._changed:
                    into.append(str(line).rstrip("\n"))
                    self._changed.notify_all()

    def wait_for(self, prefix: str, timeout: float, *, count: int = 1) -> str:
        """Wait until ``count`` stdout lines start with ``prefix``; return the last of them.

        Raises:
            AssertionError: Not within ``timeout`` seconds (the message shows the end of both outputs).
        """
        found = self._wait(lambda: self._matching(prefix)[count - 1 :] or None, timeout)
        if not found:
            raise AssertionError(
                f"no {prefix!r} line (x{count}) within {timeout} s;\nstdout: {self.lines[-20:]}\n"
                f"stderr: {self.errors[-30:]}"
            )
        return found[0]

    def join(self, timeout: float = 10.0) -> None:
        """Wait until both streams reached EOF (after the child exited)."""
        for thread in self._threads:
            thread.join(timeout)

    def _matching(self, prefix: str) -> list[str]:
        return [line for line in self.lines if line.startswith(prefix)]

    def _wait(self, predicate: Callable[[], list[str] | None], timeout: float) -> list[str] | None:
        with self._changed:
            return self._changed.wait_for(predicate, timeout)
