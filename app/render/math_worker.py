"""The typesetting process: formulas go in on stdin, SVG comes out on stdout, one JSON array per line.

Typesetting is pure Python (about 10 ms a formula). In a thread of the app it would hold the interpreter
lock against the GUI thread for as long, and a long mathematical answer would stutter; in a process of its
own it runs on another core and the app only draws the SVG it gets back.

Request: ``[id, latex, display, size_px, color]``. Answer: ``[id, svg, width, height, texts]`` (texts: the
``[text, x, baseline, size]`` the app draws itself, ``app.render.math_text``), or ``[id, null]`` when the
formula cannot be typeset. The process ends when its input ends (the app closed the pipe or
exited).

Started as ``python -m app.render.math_worker``, or as ``gemini-desk --typeset-worker`` from a bundle
(``worker_command``).
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import IO

WORKER_FLAG = "--typeset-worker"
"""The argument that makes the app's executable this process (``app.launch.main``)."""


def worker_command() -> list[str]:
    """The command line that starts the typesetting process with this interpreter or bundle."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "app.render.math_worker"]


def serve(requests: IO[bytes], answers: IO[bytes]) -> int:
    """Answer typesetting requests until ``requests`` ends; return the exit status."""
    # Imported here: the app imports this module for ``worker_command`` at start, long before any formula.
    from app.render.math import FormulaError, typeset

    # ziamath opens its font with a deprecated importlib call: not the user's concern, keep stderr quiet.
    warnings.simplefilter("ignore", DeprecationWarning)
    for line in requests:
        try:
            number, latex, display, size_px, color = json.loads(line)
        except (ValueError, TypeError):
            continue  # not a request: nothing to answer
        try:
            formula = typeset(str(latex), display=bool(display), size_px=float(size_px), color=str(color))
            texts = [[t.text, t.x, t.baseline, t.size] for t in formula.texts]
            answer = [number, formula.svg, formula.width, formula.height, texts]
        except FormulaError:
            answer = [number, None]
        answers.write(json.dumps(answer).encode("utf-8") + b"\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(serve(sys.stdin.buffer, sys.stdout.buffer))
