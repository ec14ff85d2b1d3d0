"""After the first frame: warm the render stack off the GUI thread, then build what the first message needs.

``app.render.warmup`` imports markdown-it and Pygments and compiles their patterns in a background thread.
What is left is the transcript's own parser (markdown-it's rule chains and the app's, 1-8 ms): it belongs to
the GUI thread's renderer, so it is built there, at idle once the warm-up is done, instead of in the first
Send's click. Start-up's objects are frozen at the same tick (``app.qt.gc_guard``), the parser's included.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from app.render.warmup import start_render_warmup

if TYPE_CHECKING:
    from app.qt.gc_guard import GuiThreadCollector
    from app.qt.main_window import MainWindow

__all__ = ["warm_after_start"]


def warm_after_start(window: MainWindow, collector: GuiThreadCollector) -> threading.Thread:
    """Start the render warm-up; at the collector's first tick after it, build the transcript's parser.

    Returns:
        The warm-up's thread.
    """
    warmup = start_render_warmup()

    def warmed() -> bool:
        if warmup.is_alive():
            return False
        window.transcript.markdown_renderer.prepare()
        return True

    collector.freeze_when(warmed)
    return warmup
