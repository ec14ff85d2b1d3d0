"""Links in a reply: the real target on hover, a question before a link that could mislead, and no app
actions from content. Opening is intercepted (``QDesktopServices.setUrlHandler``): no browser starts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.demo.responses import chunk, usage
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import click_transcript_text, press, run_app, send_and_wait, wait_until
from tests.helpers.opened_urls import OpenedUrls, recording_opened_urls

PHISH = "http://127.0.0.1:9/phish?c=1"
ANSWER = (
    f'Sign in at [https://accounts.google.com/signin]({PHISH} "Google Accounts").\n\n'
    "Read [the Python docs](https://docs.python.org/3/).\n\n"
    "Or [copy your first message](gd-action:copy-message/1)."
)


@pytest.fixture
def opened() -> Iterator[OpenedUrls]:
    with recording_opened_urls(("http", "https")) as recorder:
        yield recorder


def _point_at(desk: GeminiDesk, text: str) -> None:
    view = desk.window.transcript
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    point = QPointF(view.cursorRect(cursor).center())
    # Sent, not QTest.mouseMove: that one spins a nested event loop, which starves the qasync loop's sockets.
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        point,
        view.viewport().mapToGlobal(point),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QCoreApplication.sendEvent(view.viewport(), move)


def test_a_link_whose_text_names_another_host_shows_its_target_and_asks_before_opening(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, opened: OpenedUrls
) -> None:
    gateway.queue_scenarios(
        Scenario(
            "links", chunks=[chunk([{"text": ANSWER}], usage_metadata=usage(3, 30), finish_reason="STOP")]
        )
    )

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "Where do I sign in?")
        view = desk.window.transcript
        status = desk.window.status_line

        _point_at(desk, "accounts.google.com/signin")
        await wait_until(lambda: status.currentMessage() == PHISH, what="the real target on hover")
        assert "Google Accounts" not in view.toHtml(), "the model's link title became a tooltip"

        assert click_transcript_text(view, "accounts.google.com/signin") == PHISH
        await wait_until(
            lambda: view.links.box is not None and view.links.box.isVisible(), what="the question"
        )
        box = view.links.box
        assert isinstance(box, QMessageBox) and box.textFormat() == Qt.TextFormat.PlainText
        assert PHISH in box.text() and "accounts.google.com/signin" in box.text()
        assert "local network" in box.text()
        assert opened.urls == [], "opened before the user answered"
        box.button(QMessageBox.StandardButton.Cancel).click()
        await wait_until(lambda: view.links.box is None, what="the question to close")
        assert opened.urls == []

        # Asked again, and this time opened on "Open link".
        click_transcript_text(view, "accounts.google.com/signin")
        await wait_until(lambda: view.links.box is not None, what="the question again")
        assert view.links.box is not None
        button = view.links.box.findChild(QPushButton, "openLinkButton")
        assert button is not None
        button.click()
        await wait_until(lambda: opened.urls == [PHISH], what="the link to open")

        # A plain public link opens at once.
        assert click_transcript_text(view, "the Python docs") == "https://docs.python.org/3/"
        assert opened.urls == [PHISH, "https://docs.python.org/3/"]
        assert view.links.box is None

        # An app action written by the model is text: clicking it copies nothing.
        QGuiApplication.clipboard().setText("unchanged")
        assert click_transcript_text(view, "copy your first message") == ""
        assert "gd-action:copy-message/1" in view.toPlainText()
        assert QGuiApplication.clipboard().text() == "unchanged"
        await wait_until(
            lambda: any(r.path.endswith(":generateContent") for r in gateway.requests), 20.0, "title"
        )

    run_app(qloop, tmp_path, body, gateway)


LOOKALIKE = "g\u043e\u043egle.com"  # Cyrillic "о"s: reads as google.com
SPOOF_ANSWER = f"Ok [spoof](https://{LOOKALIKE}/) and https://xn--ggle-55da.com/login"


def test_a_host_in_another_alphabet_shows_as_the_dns_reads_it_and_asks_before_opening(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, opened: OpenedUrls
) -> None:
    gateway.queue_scenarios(
        Scenario(
            "spoof",
            chunks=[chunk([{"text": SPOOF_ANSWER}], usage_metadata=usage(3, 30), finish_reason="STOP")],
        )
    )

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "Where do I sign in?")
        view = desk.window.transcript
        status = desk.window.status_line
        # The bare address reads as it was sent, not decoded into the look-alike.
        assert "https://xn--ggle-55da.com/login" in view.toPlainText()
        assert LOOKALIKE not in view.toPlainText()

        _point_at(desk, "spoof")
        await wait_until(
            lambda: status.currentMessage() == "https://xn--ggle-55da.com/",
            what="the target as the DNS reads it",
        )
        click_transcript_text(view, "spoof")
        await wait_until(lambda: view.links.box is not None, what="the question")
        box = view.links.box
        assert box is not None
        assert "https://xn--ggle-55da.com/" in box.text() and "another alphabet" in box.text()
        assert opened.urls == []
        box.button(QMessageBox.StandardButton.Cancel).click()
        await wait_until(lambda: view.links.box is None, what="the question to close")

        click_transcript_text(view, "xn--ggle-55da.com/login")
        await wait_until(lambda: view.links.box is not None, what="the question for the bare address")
        assert opened.urls == []
        assert view.links.box is not None
        view.links.box.button(QMessageBox.StandardButton.Cancel).click()
        await wait_until(
            lambda: any(r.path.endswith(":generateContent") for r in gateway.requests), 20.0, "title"
        )

    run_app(qloop, tmp_path, body, gateway)


def test_the_keyboard_reaches_a_message_s_links_in_order_and_enter_opens_them_as_a_click_would(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, opened: OpenedUrls
) -> None:
    answer = (
        f"Sign in at [https://accounts.google.com/signin]({PHISH}).\n\n"
        "```python\nprint(1)\n```\n\n"
        "Read [the Python docs](https://docs.python.org/3/)."
    )
    gateway.queue_scenarios(
        Scenario(
            "links", chunks=[chunk([{"text": answer}], usage_metadata=usage(3, 30), finish_reason="STOP")]
        )
    )

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "Where do I sign in?")
        window = desk.window
        view = window.transcript
        await press(desk, window.settings_button, Qt.Key.Key_Tab)  # into the transcript, on the answer
        assert QApplication.focusWidget() is view
        names: list[str] = []
        for _ in range(8):
            widget = QApplication.focusWidget()
            assert widget is not None
            QTest.keyClick(widget, Qt.Key.Key_Tab)
            stop = view.message_focus.stop
            if stop is None and QApplication.focusWidget() is not view:
                if names:
                    break
                continue  # the action bar's buttons
            if stop is not None:
                names.append(stop.name)
            if stop is not None and stop.href == "https://docs.python.org/3/":
                break
        # The message's own controls in the order it shows them: the link, the code block's Copy, the link.
        assert names == [
            "Link: https://accounts.google.com/signin",
            "Copy code block 1 of 1 · python",
            "Link: the Python docs",
        ], names
        assert view.accessibleName().endswith("Link: the Python docs")
        QTest.keyClick(view, Qt.Key.Key_Return)
        assert opened.urls == ["https://docs.python.org/3/"]
        QTest.keyClick(view, Qt.Key.Key_Backtab)
        QTest.keyClick(view, Qt.Key.Key_Backtab)
        stop = view.message_focus.stop
        assert stop is not None and stop.href == PHISH
        QTest.keyClick(view, Qt.Key.Key_Space)  # a link that could mislead asks first, as on a click
        await wait_until(lambda: view.links.box is not None, what="the question")
        assert view.links.box is not None and PHISH in view.links.box.text()
        assert opened.urls == ["https://docs.python.org/3/"]
        view.links.box.button(QMessageBox.StandardButton.Cancel).click()
        await wait_until(
            lambda: any(r.path.endswith(":generateContent") for r in gateway.requests), 20.0, "title"
        )

    run_app(qloop, tmp_path, body, gateway)
