"""Which reply links open with one click and which ask first."""

from __future__ import annotations

import pytest

from app.core.link_safety import LinkRisk, assess_link, host_named_by, is_local_host

OTHER = LinkRisk.TEXT_NAMES_OTHER_HOST
LOCAL = LinkRisk.LOCAL_ADDRESS


@pytest.mark.parametrize(
    ("text", "href", "risks"),
    [
        ("https://accounts.google.com/signin", "http://127.0.0.1/phish?c=1", [OTHER, LOCAL]),
        ("accounts.google.com", "https://evil.example/login", [OTHER]),
        ("www.python.org", "https://docs.python.org/3/", []),
        ("python.org", "https://www.python.org", []),
        ("the docs", "https://docs.python.org/3/", []),
        ("3.14", "https://example.org", []),
        ("router", "http://192.168.1.1/admin", [LOCAL]),
        ("admin page", "http://10.0.0.1", [LOCAL]),
        ("dev server", "http://localhost:8000", [LOCAL]),
        ("link-local", "http://169.254.169.254/latest/meta-data", [LOCAL]),
        ("printer", "http://printer.local/", [LOCAL]),
        ("nas", "http://nas/", [LOCAL]),
        ("ipv6", "http://[::1]:3000/", [LOCAL]),
        ("ipv6 private", "http://[fd00::1]/", [LOCAL]),
        ("mapped", "http://[::ffff:127.0.0.1]/", [LOCAL]),
        ("google.com", "https://google.com.evil.example/", [OTHER]),
        ("support@example.org", "mailto:support@example.org", []),
        ("a public page", "https://example.org/page", []),
    ],
)
def test_links_that_ask_before_opening(text: str, href: str, risks: list[LinkRisk]) -> None:
    assert assess_link(text, href) == risks


def test_a_host_is_read_from_link_text_only_when_the_text_is_an_address() -> None:
    assert host_named_by("https://Accounts.Google.com/signin") == "accounts.google.com"
    assert host_named_by("Click here") == ""
    assert host_named_by("see example.org for details") == ""
    assert not is_local_host("example.org") and is_local_host("127.0.0.2")
