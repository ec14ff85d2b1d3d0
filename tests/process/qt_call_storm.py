"""Make many Qt calls and signal emits in one process, then exit normally.

PySide6 6.12 on Python 3.11 leaks a reference to ``None`` on every void call and to ``True`` on
every emit; the interpreter aborts (``none_dealloc``) after a few thousand. Run as a script by
``test_qt_call_storm.py``, which asserts a clean exit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QPlainTextEdit


class Emitter(QObject):
    """A QObject with a signal carrying text, as the stream pipeline uses."""

    text_arrived = Signal(str)
    flag_changed = Signal(bool)


def main() -> int:
    """Emit and call ``count`` times (argv[1]) and print the totals."""
    count = int(sys.argv[1])
    app = QApplication(sys.argv[:1])
    emitter = Emitter()
    editor = QPlainTextEdit()
    received: list[str] = []
    emitter.text_arrived.connect(received.append)
    emitter.flag_changed.connect(editor.setReadOnly)
    for index in range(count):
        emitter.text_arrived.emit("x")  # an emit: leaks True on the broken pair
        emitter.flag_changed.emit(index % 2 == 0)
        editor.setObjectName("editor")  # a void call: leaks None on the broken pair
        editor.appendPlainText("chunk")
        if index % 1000 == 0:
            editor.clear()
            QCoreApplication.processEvents()
    print(f"emits={len(received)} calls={count}", flush=True)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
