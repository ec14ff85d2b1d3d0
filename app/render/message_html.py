"""HTML of the transcript's message chrome: header lines, "Thinking" sections, notices, figures, error boxes.

Pure functions of the render palette and already-translated labels, so the transcript widget only manages the
document. Every colour is inlined, like the Markdown renderer's output (Qt ignores most stylesheet rules).
Action links use the ``gd-action:NAME/MESSAGE_ID`` scheme that the transcript handles on click.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.core.chat.display import thought_paragraphs
from app.render.design import SPACE_XL
from app.render.icons import icon_html
from app.render.palette import RenderPalette

ACTION_SCHEME = "gd-action"

#: Statuses of a reply that ended early and may be asked again from its notice line.
RETRYABLE_STATUSES = frozenset({"interrupted", "stopped"})

_SUMMARY_CHARS = 90

# What the core adds to an error's title on the first line of its message: the HTTP status and a full stop.
_TITLE_ENDING = re.compile(r"\s*(?:[(（]HTTP \d{3}[)）])?[.。]?")

# A line that is only a heading: "**Adding them up**" or "## Adding them up".
_HEADING_LINE = re.compile(r"\*\*(?P<bold>[^*]+)\*\*|#{1,6}[ \t]+(?P<hash>.+?)[ \t#]*")


@dataclass(frozen=True, slots=True)
class ChromeLabels:
    """The translated words the chrome shows; the widget builds this once with its ``tr``."""

    you: str = "You"
    gemini: str = "Gemini"
    #: The name over a tool step's results (role ``tool``: function responses sent back to the model).
    tools: str = "Tools"
    #: What the chevron of a tool step's card does (its tooltip, read by screen readers too).
    show_tools: str = "Show tool results"
    hide_tools: str = "Hide tool results"
    retry: str = "Retry"
    thinking: str = "Thinking"
    thinking_live: str = "Thinking…"
    #: The live reply before its first token; ``{0}`` is the whole seconds waited so far.
    waiting: str = "Thinking… {0} s"
    #: The live reply while the request is sent again; ``{0}`` is the attempt, ``{1}`` the seconds waited.
    retrying: str = "Retrying ({0})… {1} s"
    reply_failed: str = "The reply failed"
    show_earlier: str = "Show earlier messages"
    #: ``{0}`` is the number of messages not shown yet.
    earlier_count: str = "{0} more"
    previous_version: str = "Previous version"
    next_version: str = "Next version"
    #: The version switcher's place: ``{0}`` is this version's number, ``{1}`` how many there are.
    version_of: str = "Version {0} of {1}"
    #: The mark beside "‹ n / m ›" while a version not shown (or what follows it) is still answering.
    answering_elsewhere: str = "Another version is still answering"


class ChromeSource(Protocol):
    """What the chrome of one message is built from (the transcript's record of a message)."""

    message_id: int
    role: str
    header: str
    status: str
    notice: str | None
    thoughts: str
    thoughts_expanded: bool
    #: A ``tool`` message's results are shown whole, or folded to one line per call.
    tools_expanded: bool
    #: (title, detail, retry) of an error box shown under the message.
    error: tuple[str, str, bool] | None
    #: A muted line of figures under a finished reply (tokens, speed); "" for none.
    footer: str
    #: (this version's number from 1, how many versions) when the message has siblings, else None.
    versions: tuple[int, int] | None
    #: Whether another version (or what follows one) is still answering: the switcher shows a mark.
    answering_elsewhere: bool


def action_href(name: str, message_id: int) -> str:
    """Return the href of the action ``name`` on message ``message_id``."""
    return f"{ACTION_SCHEME}:{name}/{message_id}"


def action_link(palette: RenderPalette, name: str, message_id: int, label: str) -> str:
    """A quiet (muted, not underlined) action link."""
    return (
        f'<a href="{action_href(name, message_id)}" style="color:{palette.muted}; '
        f'text-decoration:none">{html.escape(label)}</a>'
    )


def action_arrow(palette: RenderPalette, name: str, message_id: int, arrow: str, title: str) -> str:
    """An action link drawn as a single arrow, named by its tooltip (what screen readers read too)."""
    return (
        f'<a href="{action_href(name, message_id)}" title="{html.escape(title)}" '
        f'style="color:{palette.muted}; text-decoration:none">&nbsp;{arrow}&nbsp;</a>'
    )


def versions_html(
    palette: RenderPalette,
    labels: ChromeLabels,
    message_id: int,
    versions: tuple[int, int],
    answering_elsewhere: bool = False,
) -> str:
    """The version switcher "‹ n / m ›" of a message with siblings (an arrow at either end goes nowhere).

    ``answering_elsewhere`` adds an accent dot, named by its tooltip: a version not shown is still answering.
    """
    number, count = versions
    place = html.escape(labels.version_of.format(number, count))
    previous = (
        action_arrow(palette, "version-previous", message_id, "‹", labels.previous_version)
        if number > 1
        else "&nbsp;‹&nbsp;"
    )
    following = (
        action_arrow(palette, "version-next", message_id, "›", labels.next_version)
        if number < count
        else "&nbsp;›&nbsp;"
    )
    mark = (
        f'<span title="{html.escape(labels.answering_elsewhere)}" style="color:{palette.accent}">●</span>'
        if answering_elsewhere
        else ""
    )
    return (
        f'<span style="color:{palette.muted}">{previous}'
        f'<span title="{place}">{number}&nbsp;/&nbsp;{count}</span>{following}{mark}</span>'
    )


def header_html(palette: RenderPalette, labels: ChromeLabels, message: ChromeSource) -> str:
    """The line above a message: "You" over the user's bubble; the model and time above an answer.

    The versions ("‹ n / m ›") of a message with siblings follow. The message's actions (Copy, Edit,
    Regenerate, …) are not part of the text: they are buttons shown over this line on hover or keyboard focus
    (``app.qt.widgets.message_actions``), so the header never changes while a reply streams or ends (Qt would
    lay out the whole message below it again).
    """
    message_id, header = message.message_id, message.header
    is_user = message.role == "user"
    is_tool = message.role == "tool"
    actions = (
        versions_html(palette, labels, message_id, message.versions, message.answering_elsewhere)
        if message.versions
        else ""
    )
    if is_user:
        # The user's bubble is right-aligned below (TranscriptHtml.body); its actions sit above its edge.
        return (
            f'<p align="right" style="margin-top:{SPACE_XL}px; margin-bottom:4px">'
            f'<span style="font-size:small; color:{palette.muted}">{html.escape(labels.you)}</span>'
            f"&nbsp;&nbsp;&nbsp;{actions}</p>"
        )
    name, _, meta = header.partition(" · ")
    meta_html = (
        f'<span style="font-size:small; color:{palette.muted}">&nbsp;·&nbsp;{html.escape(meta)}</span>'
        if meta
        else ""
    )
    if is_tool:
        # A card's header like the Thinking card's: a chevron folding the results, the tools icon, the name.
        expanded = message.tools_expanded
        chevron = icon_html("chevron-down" if expanded else "chevron-right", palette.muted, 16)
        tip = labels.hide_tools if expanded else labels.show_tools
        return (
            f'<p style="margin-top:{SPACE_XL}px; margin-bottom:4px; font-size:small; '
            f'background-color:{palette.thinking_background}">&nbsp;'
            f'<a href="{action_href("toggle-tools", message_id)}" title="{html.escape(tip)}" '
            f'style="color:{palette.muted}; text-decoration:none">{chevron}&nbsp;'
            f"{icon_html('tools', palette.muted, 16)}&nbsp;"
            f'<span style="font-weight:600">{html.escape(labels.tools)}</span></a>'
            f'<span style="color:{palette.muted}">{"&nbsp;·&nbsp;" if header else ""}'
            f"{html.escape(header)}</span>&nbsp;&nbsp;&nbsp;&nbsp;{actions}&nbsp;</p>"
        )
    return (
        f'<p style="margin-top:{SPACE_XL}px; margin-bottom:4px">'
        f"{icon_html('sparkle', palette.model_accent, 16)}&nbsp;"
        f'<span style="font-size:small; font-weight:600; color:{palette.model_accent}">'
        f"{html.escape(name or labels.gemini)}</span>{meta_html}"
        f"&nbsp;&nbsp;&nbsp;&nbsp;{actions}</p>"
    )


def thoughts_html(
    palette: RenderPalette,
    labels: ChromeLabels,
    message: ChromeSource,
    *,
    live: bool,
    render: Callable[[str], str],
) -> str:
    """The "Thinking" section: a one-line summary, or the thoughts rendered by ``render`` when expanded.

    ``live`` means the thoughts are still streaming. Each summary's heading starts a paragraph of its own
    (``thought_paragraphs``), however the summaries were joined.
    """
    message_id, expanded = message.message_id, message.thoughts_expanded
    if not message.thoughts:
        return ""
    thoughts = thought_paragraphs(message.thoughts)
    title = labels.thinking_live if live else labels.thinking
    chevron = icon_html("chevron-down" if expanded else "chevron-right", palette.muted, 16)
    toggle = (
        f'<a href="{action_href("toggle-thoughts", message_id)}" '
        f'style="color:{palette.muted}; text-decoration:none">{chevron}&nbsp;'
        f"{icon_html('thinking', palette.muted, 16)}&nbsp;{html.escape(title)}</a>"
    )
    # A card: a tinted line when folded, the thoughts in a tinted box when open.
    card = f"background-color:{palette.thinking_background}"
    if not expanded:
        summary = html.escape(thoughts_summary(thoughts))
        return (
            f'<p style="margin-top:6px; margin-bottom:6px; font-size:small; {card}">&nbsp;{toggle}'
            f'<span style="color:{palette.thinking_text}; font-style:italic">&nbsp;&nbsp;{summary}</span></p>'
        )
    return (
        f'<p style="margin-top:6px; margin-bottom:0; font-size:small; {card}">&nbsp;{toggle}</p>'
        f'<table width="100%" border="1" cellspacing="0" cellpadding="10" '
        f'bgcolor="{palette.thinking_background}" style="border-collapse:collapse; border-style:solid; '
        f'border-color:{palette.thinking_border}; margin-bottom:8px">'
        f'<tr><td style="color:{palette.thinking_text}; font-style:italic">{render(thoughts)}'
        "</td></tr></table>"
    )


def waiting_html(palette: RenderPalette, labels: ChromeLabels, seconds: int, attempt: int = 0) -> str:
    """The line a live reply shows while the model is silent: "Thinking… 3 s", or "Retrying (2)… 3 s"."""
    label = labels.retrying.format(attempt, seconds) if attempt else labels.waiting.format(seconds)
    text = html.escape(label)
    return (
        f'<p style="margin-top:6px; margin-bottom:4px; font-size:small; font-style:italic; '
        f'color:{palette.muted}">{icon_html("thinking", palette.muted, 16)}&nbsp;{text}</p>'
    )


def notice_html(palette: RenderPalette, labels: ChromeLabels, message: ChromeSource) -> str:
    """What sits under a message: an error box, or a quiet notice line, then the figures line if any.

    A reply that was interrupted or stopped gets a "Retry" link on its notice line, even without a notice.
    """
    footer = ""
    if message.footer and message.error is None and message.status != "error":
        footer = (
            f'<p style="margin-top:2px; margin-bottom:0; font-size:small; color:{palette.muted}">'
            f"{html.escape(message.footer)}</p>"
        )
    return _notice_line(palette, labels, message) + footer


def offers_retry(message: ChromeSource) -> bool:
    """Whether the message's notice offers "Retry" (an error box that allows it, or a reply ended early)."""
    if message.error is not None:
        return message.error[2]
    return message.status == "error" or (message.role == "model" and message.status in RETRYABLE_STATUSES)


def _notice_line(palette: RenderPalette, labels: ChromeLabels, message: ChromeSource) -> str:
    message_id, status, notice, error = message.message_id, message.status, message.notice, message.error
    if error is not None:
        return error_box_html(palette, labels, message_id, *error)
    if status == "error":
        return error_box_html(palette, labels, message_id, labels.reply_failed, notice or "", True)
    retry = offers_retry(message)
    if not notice and not retry:
        return ""
    parts = [html.escape(notice)] if notice else []
    if retry:
        parts.append(
            f'<a href="{action_href("retry", message_id)}" style="color:{palette.link}; font-style:normal; '
            f'font-weight:600; text-decoration:none">{html.escape(labels.retry)}</a>'
        )
    # A notice (blocked by safety, cut at the length limit, stopped) is a tinted card with an icon: a quiet
    # italic line was easy to miss under a long answer. A block background, not a table: tables are frames,
    # and every frame makes later edits of the document dearer.
    return (
        f'<p style="margin-top:8px; margin-bottom:4px; font-size:small; color:{palette.notice_text}; '
        f'background-color:{palette.notice_background}">&nbsp;{icon_html("info", palette.notice_text, 16)}'
        f"&nbsp;&nbsp;{'&nbsp;&nbsp;'.join(parts)}&nbsp;</p>"
    )


def error_box_html(
    palette: RenderPalette, labels: ChromeLabels, message_id: int, title: str, detail: str, retry: bool
) -> str:
    """A tinted box with the error's title and detail, and a "Retry" link when ``retry``.

    The core's detail starts with the title again, completed with the HTTP status ("Rate limit reached
    (HTTP 429)."): that line then becomes the heading, so the box says it once and keeps the status.
    """
    title, detail = _heading_once(title, detail)
    retry_link = ""
    if retry:
        retry_link = (
            f'<p style="margin-top:6px; margin-bottom:0"><a href="{action_href("retry", message_id)}" '
            f'style="color:{palette.error_text}; font-weight:600">{html.escape(labels.retry)}</a></p>'
        )
    # The core puts what happened, the advice and the gateway's own words on separate lines: keep them.
    lines = "<br/>".join(html.escape(line) for line in detail.splitlines())
    detail_html = f'<p style="margin:0">{lines}</p>' if detail else ""
    return (
        f'<table width="100%" border="1" cellspacing="0" cellpadding="10" '
        f'bgcolor="{palette.error_background}" style="border-collapse:collapse; border-style:solid; '
        f"border-color:{palette.error_border}; "
        f'margin-top:6px; margin-bottom:6px"><tr><td style="color:{palette.error_text}">'
        f'<p style="margin-top:0; margin-bottom:4px; font-weight:600">'
        f"{icon_html('alert', palette.error_text, 16)}&nbsp;{html.escape(title)}</p>"
        f"{detail_html}{retry_link}</td></tr></table>"
    )


def _heading_once(title: str, detail: str) -> tuple[str, str]:
    """``(title, detail)`` with the detail's first line as the heading when it only repeats the title."""
    first, _, rest = detail.partition("\n")
    first, title = first.strip(), title.strip()
    if title and first.startswith(title) and _TITLE_ENDING.fullmatch(first[len(title) :]):
        return first, rest
    return title, detail


def load_earlier_html(palette: RenderPalette, labels: ChromeLabels, remaining: int) -> str:
    """The line at the top of a long conversation that loads the previous page of messages."""
    count = html.escape(labels.earlier_count.format(f"{remaining:,}"))
    return (
        f'<p align="center" style="margin-top:12px; margin-bottom:4px; font-size:small">'
        f'<a href="{action_href("load-earlier", 0)}" style="color:{palette.link}; text-decoration:none">'
        f"{html.escape(labels.show_earlier)}</a>"
        f'<span style="color:{palette.muted}">&nbsp;·&nbsp;{count}</span></p>'
    )


def thoughts_summary(thoughts: str) -> str:
    """One line for collapsed thoughts: the latest heading the model wrote, else its first line.

    A heading is a line that is all bold ("**Adding them up**") or a Markdown heading; thought summaries
    start with one. A heading run on from the sentence before it counts too (see ``thought_paragraphs``).
    """
    lines = [line.strip() for line in thought_paragraphs(thoughts).splitlines() if line.strip()]
    matches = [_HEADING_LINE.fullmatch(line) for line in lines]
    headings = [match.group("bold") or match.group("hash") for match in matches if match]
    # The summary is plain text: bold markers of a first line would show as asterisks.
    text = (headings[-1] if headings else (lines[0].replace("**", "") if lines else "")).strip()
    return text if len(text) <= _SUMMARY_CHARS else text[: _SUMMARY_CHARS - 1] + "…"
