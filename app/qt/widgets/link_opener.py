"""Opening a link from a reply: at once when it is plain, after a question when it could mislead.

The rules are ``app.core.link_safety``'s: a link whose text names another host than its target, whose target
is this computer or the local network, or whose host is in another alphabet, asks first, naming the real
target (its host as the DNS reads it). Only ``http``, ``https``
and ``mailto`` links open at all. The question is plain text and never blocks the event loop.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QHelpEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QToolTip, QWidget

from app.core.link_safety import OPENABLE_SCHEMES, LinkRisk, ascii_address, assess_link
from app.core.visible_text import reveal_invisible


def anchor_text(browser: QTextBrowser, cursor: QTextCursor, href: str) -> str:
    """The visible text of the link ``href`` at ``cursor`` (its block's run of fragments with that target)."""
    block = cursor.block()
    position = cursor.position()
    runs: list[list[str]] = [[]]
    found = -1
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid() and fragment.charFormat().anchorHref() == href:
            runs[-1].append(fragment.text())
            if fragment.position() <= position <= fragment.position() + fragment.length():
                found = len(runs) - 1
        elif runs[-1]:
            runs.append([])
        iterator += 1
    return "".join(runs[found] if found >= 0 else runs[0])


def markdown_link_text(markdown: str, href: str) -> str:
    """The text Markdown shows for its first link to ``href`` ("" when it has none)."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().anchorHref() == href:
                return fragment.text()
            iterator += 1
        block = block.next()
    return ""


def clicked_link_text(browser: QTextBrowser, url: QUrl, at: QPoint | None) -> str:
    """The text of the link ``url`` clicked at ``at``; from the keyboard (None), the focused link's."""
    if at is None:
        return browser.textCursor().selectedText()
    href = browser.anchorAt(at) or url.toString()
    return anchor_text(browser, browser.cursorForPosition(at), href)


def anchor_tooltip(browser: QTextBrowser, at: QPoint) -> str:
    """The tooltip (the HTML anchor's ``title``) of the link at ``at`` in the viewport; "" for none."""
    href = browser.anchorAt(at)
    if not href:
        return ""
    iterator = browser.cursorForPosition(at).block().begin()
    while not iterator.atEnd():
        char_format = iterator.fragment().charFormat()
        if char_format.anchorHref() == href and char_format.toolTip():
            return char_format.toolTip()
        iterator += 1
    return ""


class AnchorTips(QObject):
    """Shows a link's ``title`` as its tooltip (Qt keeps the title but a text browser never shows it).

    The app's icon-only links (an image's Copy and Save) are named this way, as buttons are by theirs.
    """

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser)
        self._browser = browser
        browser.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On a tooltip request over a titled link, show its title."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = anchor_tooltip(self._browser, event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self._browser.viewport())
                return True
        return super().eventFilter(watched, event)


class LinkHover(QObject):
    """Says the pointer is on no link (``highlighted`` with an empty URL) when it leaves the browser's text.

    Qt says so only when the pointer moves off a link inside the text: leaving the view from a link, or the
    document replaced under the pointer (another conversation), left the link's target in the status line.
    """

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser)
        browser.viewport().installEventFilter(self)

    def forget(self) -> None:
        """The pointer is on no link now, whatever Qt last said."""
        browser = self.parent()
        if isinstance(browser, QTextBrowser):
            browser.highlighted.emit(QUrl())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The pointer leaving the text leaves its links too."""
        if event.type() == QEvent.Type.Leave:
            self.forget()
        return super().eventFilter(watched, event)


class LinkOpener(QObject):
    """Opens reply links, asking first about those that could mislead.

    Attributes:
        box: The question on screen, or None.

    Signals:
        opened(str): A link was handed to the system (the browser or the mail program).
    """

    opened = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.box: QMessageBox | None = None

    def open(self, url: QUrl, text: str) -> None:
        """Open ``url`` (shown as ``text``), after a question when ``assess_link`` finds a reason."""
        if url.scheme().lower() not in OPENABLE_SCHEMES:
            return  # file:, javascript:, data:, relative links: never
        href = ascii_address(url.toString())  # a look-alike host shows as the DNS reads it (xn--…)
        risks = assess_link(text, href)
        if not risks:
            self._open(url)
            return
        if self.box is not None:
            self.box.reject()
        reasons = []
        if LinkRisk.TEXT_NAMES_OTHER_HOST in risks:
            reasons.append(self.tr("The link's text shows “{0}”, but it goes somewhere else.").format(text))
        if LinkRisk.LOCAL_ADDRESS in risks:
            reasons.append(
                self.tr(
                    "It points to this computer or your local network, where devices and services may "
                    "trust it."
                )
            )
        if LinkRisk.INTERNATIONAL_HOST in risks:
            reasons.append(
                self.tr(
                    "Its address is written in letters of another alphabet, which can look like familiar "
                    "ones; above it reads as the network reads it."
                )
            )
        parent = self.parent()
        assert isinstance(parent, QWidget)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Open this link?"),
            reveal_invisible(self.tr("The link goes to:\n{0}").format(href) + "\n\n" + "\n".join(reasons)),
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setObjectName("linkConfirmation")
        box.setTextFormat(Qt.TextFormat.PlainText)  # everything in it comes from the reply
        open_button = box.addButton(self.tr("Open link"), QMessageBox.ButtonRole.AcceptRole)
        open_button.setObjectName("openLinkButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _result: self._on_answered(box, box.clickedButton() is open_button, url))
        self.box = box
        box.open()

    def _on_answered(self, box: QMessageBox, agreed: bool, url: QUrl) -> None:
        if box is self.box:
            self.box = None
        box.deleteLater()
        if agreed:
            self._open(url)

    def _open(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)
        self.opened.emit(url.toString())
