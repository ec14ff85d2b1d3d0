"""Model output is untrusted: the transcript fetches nothing, opens only clicked http(s) links, shows HTML as
text.

A second gateway double plays a tracking server on loopback: every URL in the hostile answer points at it, and
it records every request it receives, so "nothing was fetched" is checked at the socket, not assumed.
Opening links is intercepted with ``QDesktopServices.setUrlHandler``, so no browser starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QTextTable
from PySide6.QtWidgets import QPushButton

from app.demo.responses import chunk, usage
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.widgets.transcript_view import TranscriptView
from tests.helpers.app_harness import (
    click_transcript_text,
    run_app,
    send_and_wait,
    transcript_text,
    wait_until,
)
from tests.helpers.opened_urls import OpenedUrls, recording_opened_urls

SCHEMES = ("http", "https", "file", "javascript", "data", "mailto", "ftp")
RAW_HTML = ("<b>bold?</b>", "<script>alert(1)</script>", "<table><tr><td>cell</td></tr></table>")


@pytest.fixture
def opened() -> Iterator[OpenedUrls]:
    """Every URL the app asks the desktop to open, for the schemes links could have."""
    with recording_opened_urls(SCHEMES) as recorder:
        yield recorder


@pytest.fixture
def tracker() -> Iterator[GatewayDouble]:
    """A loopback server that records every request: the place hostile URLs point to."""
    with GatewayDouble(None) as server:
        yield server


async def _agree_to_open(view: TranscriptView) -> None:
    """Answer "Open link" in the question a link to this computer asks first."""
    await wait_until(lambda: view.links.box is not None, what="the link question")
    assert view.links.box is not None
    button = view.links.box.findChild(QPushButton, "openLinkButton")
    assert button is not None
    button.click()


def _hostile_answer(base: str) -> Scenario:
    thought = f"Thinking about ![thought pixel]({base}/thought.png) and <img src='{base}/thought-raw.png'>."
    text = (
        f"Here is a picture: ![pixel]({base}/md.png)\n\n"
        f'And a raw one: <img src="{base}/raw.png" width=1 height=1>\n\n'
        f"A reference image: ![ref][pic]\n\n[pic]: {base}/ref.png\n\n"
        f"Read [the docs]({base}/docs) or <{base}/autolink>.\n\n"
        "Dangerous links: [js link](javascript:alert(1)) [file link](file:///etc/passwd) "
        "[data link](data:text/html,<b>x</b>)\n\n"
        f"Raw HTML: {RAW_HTML[0]} {RAW_HTML[1]}\n\n"
        f"{RAW_HTML[2]}\n\n"
        f'<link rel="stylesheet" href="{base}/style.css"><iframe src="{base}/frame"></iframe>\n\n'
        "The end."
    )
    grounding = {
        "webSearchQueries": ["tracking pixels"],
        "searchEntryPoint": {
            "renderedContent": f'<style>@import "{base}/g.css";</style><img src="{base}/g.png">'
        },
        "groundingChunks": [{"web": {"uri": f"{base}/source", "title": "a source"}}],
    }
    chunks = [
        chunk([{"text": thought, "thought": True}]),
        chunk(
            [{"text": text}], usage_metadata=usage(5, 50), finish_reason="STOP", groundingMetadata=grounding
        ),
    ]
    return Scenario("hostile-content", chunks=chunks)


def test_hostile_markup_fetches_nothing_and_shows_html_as_text(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    gateway: GatewayDouble,
    tracker: GatewayDouble,
    opened: OpenedUrls,
) -> None:
    base = tracker.base_url
    gateway.set_scenario(_hostile_answer(base))

    async def answer(desk: GeminiDesk) -> None:
        _, reply_id, status = await send_and_wait(desk, f"my own picture: ![me]({base}/user.png) <b>mine</b>")
        assert status == "complete"
        shown = transcript_text(desk)
        for literal in (*RAW_HTML, f'<img src="{base}/raw.png" width=1 height=1>', "<b>mine</b>"):
            assert literal in shown, f"{literal!r} was rendered instead of shown as text"
        assert "[image: pixel]" in shown and "[image: ref]" in shown and "[image: me]" in shown
        assert "The end." in shown and "a source" in shown and "tracking pixels" in shown
        document = desk.window.transcript.document()
        assert not any(isinstance(frame, QTextTable) for frame in document.rootFrame().childFrames())
        bold = document.find("bold?")
        assert bold.charFormat().fontWeight() == QFont.Weight.Normal, "<b> made the text bold"
        reply = desk.store.get_message(reply_id)
        assert reply is not None and RAW_HTML[1] in reply.text, "the literal text was not kept as it came"
        assert tracker.requests == [], "the transcript fetched a URL from the answer"
        assert opened.urls == [], "a link opened without a click"

    async def reopen(desk: GeminiDesk) -> None:
        # Stored messages are rendered again from the database: still nothing is fetched or rendered.
        shown = transcript_text(desk)
        assert RAW_HTML[0] in shown and "[image: pixel]" in shown
        desk.window.transcript.load_earlier()
        assert tracker.requests == []
        assert opened.urls == []

    run_app(qloop, tmp_path, answer, gateway)
    run_app(qloop, tmp_path, reopen, gateway)
    assert tracker.requests == []


def test_links_open_only_when_clicked_and_only_http_or_https(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    gateway: GatewayDouble,
    tracker: GatewayDouble,
    opened: OpenedUrls,
) -> None:
    base = tracker.base_url
    gateway.set_scenario(_hostile_answer(base))

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "links please")
        assert opened.urls == []

        # Links whose scheme is not http(s) are not even made links; clicking their text does nothing.
        for label in ("js link", "file link", "data link"):
            assert click_transcript_text(desk.window.transcript, label) == ""
        assert opened.urls == []

        # Even if such a link reached the view, activating it must not open anything.
        view = desk.window.transcript
        for url in (
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<b>x</b>",
            "ftp://x/y",
            "x.html",
        ):
            view.anchorClicked.emit(QUrl(url))
        assert opened.urls == []

        # An http link opens on a click, once, through the desktop (the app itself fetches nothing). These
        # point to this computer (the tracker is on loopback), so the click asks first.
        assert click_transcript_text(desk.window.transcript, "the docs") == f"{base}/docs"
        await _agree_to_open(view)
        assert opened.urls == [f"{base}/docs"]
        # A remote image is only a link to it: a click hands it to the browser, it is never loaded here.
        assert click_transcript_text(desk.window.transcript, "[image: pixel]") == f"{base}/md.png"
        await _agree_to_open(view)
        assert opened.urls == [f"{base}/docs", f"{base}/md.png"]
        assert tracker.requests == []

    run_app(qloop, tmp_path, body, gateway)
