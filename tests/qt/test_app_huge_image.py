"""A small PNG that decodes to a huge bitmap: the window keeps answering while it decodes, and closing the
conversation gives the memory back.

The image is a 7000×7000 RGBA PNG of about 200 KB: 196 MB as pixels, scaled down to the 16-megapixel cap
(64 MB) while it is decoded. Decoded on the GUI thread, the window would stop for as long as one decode takes,
and that time, measured in this very run, is the baseline: while the app decodes it, the longest pause
between two ticks of a 10 ms timer must stay well under it.
"""

from __future__ import annotations

import base64
import itertools
import struct
import time
import zlib
from pathlib import Path

import qasync
from PySide6.QtCore import QTimer

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.main import GeminiDesk
from app.qt.image_decode import decode_untrusted_image
from bench.common import rss_mb
from tests.helpers.app_harness import run_app, wait_until

SIDE = 7000


def _huge_png() -> bytes:
    """A ``SIDE``×``SIDE`` RGBA PNG, all one colour, compressed row by row (never held as pixels here)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + b"\x20\x60\xc0\xff" * SIDE  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(SIDE)) + compressor.flush()
    header = struct.pack(">IIBBBBB", SIDE, SIDE, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _conversations(data_dir: Path, png: bytes) -> tuple[int, int]:
    """A conversation whose answer is the huge image, and a small one to switch to."""
    database = Database.open(data_dir / "gemini-desk.sqlite3")
    try:
        store = ConversationStore(database)
        small = store.create("Small talk", "gemini-2.5-flash").id
        store.add_message(small, "user", [{"text": "Hi"}], "Hi")
        store.add_message(small, "model", [{"text": "Hello"}], "Hello")
        big = store.create("A huge picture", "gemini-2.5-flash").id
        store.add_message(big, "user", [{"text": "Draw"}], "Draw")
        part = {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(png).decode("ascii")}}
        store.add_message(big, "model", [{"text": "Here it is:"}, part], "Here it is:")
        return small, big
    finally:
        database.close()


def test_a_huge_image_decodes_while_the_window_answers_and_closing_frees_it(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    png = _huge_png()
    assert len(png) < 400_000
    started = time.perf_counter()
    baseline = decode_untrusted_image(png)  # what the GUI thread would be stuck in
    blocking_decode = time.perf_counter() - started
    assert baseline is not None and baseline.width() * baseline.height() <= 16_000_000
    del baseline
    small, big = _conversations(tmp_path, png)

    async def body(desk: GeminiDesk) -> None:
        transcript = desk.window.transcript
        desk.window_controller.open_conversation(small)
        await wait_until(lambda: "Hello" in transcript.toPlainText(), what="the small conversation")
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        opened = time.perf_counter()
        desk.window_controller.open_conversation(big)
        await wait_until(lambda: transcript.images.decoding == 0, what="the decoding")
        decoded = time.perf_counter()
        await wait_until(lambda: 'src="gd-image:' in transcript.toHtml(), what="the image in the transcript")
        timer.stop()
        during = [opened, *[t for t in ticks if opened <= t <= decoded], decoded]
        longest = max(b - a for a, b in itertools.pairwise(during))
        assert longest < blocking_decode / 2, (longest, blocking_decode)
        key = transcript.toHtml().split('src="gd-image:', 1)[1].split('"', 1)[0]
        assert transcript.images.size(key) == (4000, 4000), "scaled down to the cap while decoded"
        shown = rss_mb()
        desk.window_controller.open_conversation(small)
        await wait_until(lambda: "Hello" in transcript.toPlainText(), what="the small conversation again")
        await wait_until(lambda: rss_mb() < shown - 40, 10.0, "the image's memory to be given back")
        assert transcript.images.decoding == 0

    run_app(qloop, tmp_path, body, environ={})
