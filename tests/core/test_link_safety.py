"""Which reply links open with one click and which ask first."""

from __future__ import annotations

import pytest

from app.core.link_safety import LinkRisk, ascii_address, assess_link, host_named_by, is_local_host

OTHER = LinkRisk.TEXT_NAMES_OTHER_HOST
LOCAL = LinkRisk.LOCAL_ADDRESS
WORLD = LinkRisk.INTERNATIONAL_HOST
# "google.com" with two Cyrillic "о" (U+043E): it reads as Google, the DNS reads xn--ggle-55da.com.
LOOKALIKE = "g\u043e\u043egle.com"


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
        ("spoof", f"https://{LOOKALIKE}/", [WORLD]),
        ("https://google.com", "https://xn--ggle-55da.com/", [OTHER, WORLD]),
        (f"https://{LOOKALIKE}", "https://xn--ggle-55da.com", [WORLD]),  # the same host, written two ways
        ("例子.中国", "https://例子.中国/", [WORLD]),
    ],
)
def test_links_that_ask_before_opening(text: str, href: str, risks: list[LinkRisk]) -> None:
    assert assess_link(text, href) == risks


def test_a_host_is_read_from_link_text_only_when_the_text_is_an_address() -> None:
    assert host_named_by("https://Accounts.Google.com/signin") == "accounts.google.com"
    assert host_named_by("Click here") == ""
    assert host_named_by("see example.org for details") == ""
    assert not is_local_host("example.org") and is_local_host("127.0.0.2")


@pytest.mark.parametrize(
    ("href", "shown"),
    [
        (f"https://{LOOKALIKE}/a?b#c", "https://xn--ggle-55da.com/a?b#c"),
        ("https://user:pw@例子.中国:8080/路径", "https://user:pw@xn--fsqu00a.xn--fiqs8s:8080/路径"),
        ("https://docs.python.org/3/", "https://docs.python.org/3/"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("http://[::1]:3000/x", "http://[::1]:3000/x"),
        ("https://[bad", "https://[bad"),
    ],
)
def test_an_address_shows_its_host_as_the_dns_reads_it(href: str, shown: str) -> None:
    assert ascii_address(href) == shown
