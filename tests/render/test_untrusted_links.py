"""Untrusted Markdown: no model-written titles, no app actions, no other message's images, nothing hidden."""

from __future__ import annotations

import html
import re

from app.core.chat.display import reply_markdown
from app.core.gemini.events import GroundingInfo
from app.render.markdown import MarkdownRenderer


def _render(source: str, message_id: int | None = 7) -> str:
    return MarkdownRenderer().render(source, message_id=message_id)


def test_a_model_written_link_title_never_becomes_a_tooltip() -> None:
    html = _render('[Your bank](https://evil.example "https://bank.example/login")')
    assert 'href="https://evil.example"' in html
    assert "title=" not in html and "bank.example" not in html


def test_a_citation_marker_keeps_its_source_name_as_tooltip() -> None:
    html = _render('The tower is 632 m tall.[1]\n\n[1]: <https://example.org/tower> "Tower facts"')
    assert 'title="Tower facts"' in html


def test_app_action_links_written_by_the_model_are_text() -> None:
    for source in (
        "[Copy your earlier message](gd-action:copy-message/1)",
        "<gd-action:copy-message/1>",
        "[x](GD-ACTION:image/m1-p0)",
        "![shot](gd-action:save-image/m1-p0)",
    ):
        html = _render(source)
        assert "<a " not in html, source
        assert "gd-action" in html.lower() or "GD-ACTION" in html, source


def test_a_refused_link_reads_as_its_words_and_target_not_as_markdown_source() -> None:
    for source, shown in (
        ("See [here](file:///etc/passwd).", "See here (file:///etc/passwd)."),
        ("[click](javascript:alert(1))", "click (javascript:alert(1))"),
        ("[v](vbscript:msgbox)", "v (vbscript:msgbox)"),
        ("<javascript:alert(1)>", "javascript:alert(1)"),  # an autolink shows its address once
        ("![a](file:///x.png)", "[image: a] (file:///x.png)"),
    ):
        rendered = _render(source)
        assert "<a " not in rendered, source
        text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
        assert text == shown, source
        assert "](" not in text and "[here]" not in text, source
    # An openable link next to one is still a link.
    assert '<a href="https://a.example"' in _render("[x](file:///etc/passwd) [ok](https://a.example)")


def test_another_messages_image_is_not_shown_but_the_messages_own_is() -> None:
    other = _render("![secret](gd-image:m3-p0)")
    assert "<img" not in other and "<a " not in other and "gd-image:m3-p0" in other
    own = _render("![chart](gd-image:m7-p1)")
    assert '<img src="gd-image:m7-p1"' in own


def test_markdown_nested_past_the_parsers_depth_is_flattened_not_hidden() -> None:
    html = _render("- " * 30 + "the hidden instruction")
    assert "the hidden instruction" in html
    html = _render("Before\n\n" + "> " * 40 + "deep quote\n\nAfter")
    assert "deep quote" in html and "After" in html


def test_bidi_reordering_in_an_answer_is_shown_not_obeyed() -> None:
    # U+202E made "\u202etxt.exe" read as "exe.txt" and an autolink's host read backwards; right-to-left
    # prose keeps its direction marks (U+200F) and joiners.
    source = (
        "File \u202etxt.exe\u202c, `co\u2066de`, https://ex\u202eample.com\n\n"
        "```python\nok = 1 \u2067# x\n```\n\nשלום\u200f עולם 👨\u200d👩"
    )
    text = html.unescape(re.sub(r"<[^>]*>", "", _render(source)))
    for mark in ("\u202e", "\u202c", "\u2066", "\u2067"):
        assert mark not in text
    assert "[U+202E]txt.exe[U+202C]" in text
    assert "co[U+2066]de" in text
    assert "ex[U+202E]ample.com" in text
    assert "ok = 1 [U+2067]# x" in text
    assert "שלום\u200f עולם 👨\u200d👩" in text


def test_a_refused_source_titled_like_a_host_is_not_made_a_link() -> None:
    grounding = GroundingInfo.from_metadata(
        {
            "groundingChunks": [
                {"web": {"uri": "file:///etc/passwd", "title": "google.com"}},
                {"web": {"uri": "javascript:alert(1)", "title": "see https://evil.example or a@b.example"}},
            ]
        }
    )
    shown = _render(reply_markdown([{"text": "x"}], grounding))
    assert "<a " not in shown, shown
    assert "google.com" in shown and "see https://evil.example or a@b.example" in shown
