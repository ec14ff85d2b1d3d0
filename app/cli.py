"""``gemini-desk-cli``: ask Gemini from a terminal, with the desktop app's settings, key and conversations.

Built only on ``app.core`` (import-linter keeps it so), which makes it the proof that the core works as a
library. It reads the same settings file, finds the key the same way (``GEMINI_API_KEY``, else the system
keyring) and writes to the same database, so a conversation started here shows up in the app and can be
continued there, and the other way round.

    gemini-desk-cli "Explain WAL mode in SQLite"       stream an answer to stdout (a new conversation)
    gemini-desk-cli --conversation 12 "And in Postgres?"   continue conversation 12
    echo "Summarise this" | gemini-desk-cli             the prompt from stdin
    gemini-desk-cli --list-models                       the gateway's models, chat models first
    gemini-desk-cli --json "Hi"                         every stream event as one JSON object per line

Errors are the app's own messages, in the app's language, on stderr; the exit status says which kind of
failure it was (see ``ExitCode``). Ctrl+C stops the answer: what arrived is kept as a stopped reply. Every
text of its own (the help, its notes) comes from the core's catalogue (``app.core.texts``, codes ``cli.*``),
in the language the app would speak: the setting, else the environment's locale.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence

__all__ = ["ExitCode", "main"]


class ExitCode(enum.IntEnum):
    """The exit status of ``gemini-desk-cli``: which kind of failure, so scripts can react."""

    OK = 0
    CUT_OFF = 1  # the answer arrived, but ended early (cut off, blocked, output limit, an unoffered call)
    USAGE = 2  # the command line was wrong (argparse's own status)
    SETUP = 3  # no key, the keyring failed, an unknown conversation, a setting that cannot work
    CONNECTION = 4  # no answer from the gateway (network, proxy, TLS, timeout)
    REFUSED = 5  # the gateway answered with an error (key refused, rate limit, server error…)
    BAD_ANSWER = 6  # the answer was not a Gemini stream, or failed in the middle
    STORAGE = 7  # the conversation database could not be read or written
    STOPPED = 130  # Ctrl+C (128 + SIGINT); what had arrived is kept


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gemini-desk-cli`` and return its exit status."""
    try:
        # Imported here, not at the top: loading the core takes a noticeable moment (about 0.1-0.3 s), and
        # Ctrl+C in it must end the command as quietly as Ctrl+C anywhere else, not with an import traceback.
        from app.cli_command import run

        return run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # before the command could say anything: nothing was asked, nothing to report
        return ExitCode.STOPPED


if __name__ == "__main__":
    raise SystemExit(main())
