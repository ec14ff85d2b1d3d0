"""Untrusted Markdown: no model-written titles, no app actions, no other message's images, nothing hidden."""

from __future__ import annotations

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
