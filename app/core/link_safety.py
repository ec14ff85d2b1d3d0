"""Which links from a reply may open with one click, and which need a question first.

A reply's links are written by the model, which may be steered by any web page it read. The visible text of a
link can name one address while its target is another (``[https://accounts.google.com](http://127.0.0.1/…)``),
and a link to this computer or the local network can reach devices and services that trust anything coming
from inside (a router's admin page, a development server). A host in another alphabet can look like a familiar
one (``gооgle.com`` with Cyrillic "о"s is ``xn--ggle-55da.com`` to the DNS). ``assess_link`` says when a click
should ask; the transcript shows the real target in the status line on hover either way, with the host in its
ASCII form (``ascii_address``), as the DNS reads it.
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import re
from urllib.parse import urlsplit

#: Schemes a link from content may open (in the browser or the mail program); everything else is ignored.
OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes of the app's own links; content never gets to use them (``app.render.markdown`` shows such links
#: as text).
APP_SCHEMES = frozenset({"gd-action", "gd-image"})


# A host name in link text: "accounts.google.com", "https://x.y/…", "www.example.org". Two labels at least,
# the last one alphabetic (a TLD), so "3.14" or "e.g." do not count. Compiled on first use: case-folding the
# whole non-ASCII range takes about 15 ms, which start-up would pay for a check that runs on a click.
@functools.cache
def _host_in_text() -> re.Pattern[str]:
    return re.compile(
        r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^\s/@]+@)?((?:[a-z0-9\u00a1-\uffff-]+\.)+[a-z\u00a1-\uffff]{2,})\.?(?::\d+)?(?:[/?#]\S*)?$",
        re.IGNORECASE,
    )


_LOCAL_SUFFIXES = (".local", ".localhost", ".internal", ".lan", ".home.arpa")


class LinkRisk(enum.Enum):
    """Why a click on a link asks first."""

    TEXT_NAMES_OTHER_HOST = "text_names_other_host"
    LOCAL_ADDRESS = "local_address"
    INTERNATIONAL_HOST = "international_host"


def link_scheme(href: str) -> str:
    """The lower-cased scheme of ``href`` ("" when it has none)."""
    try:
        return urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return ""


def host_of(href: str) -> str:
    """The lower-cased host of ``href`` without a trailing dot ("" when it has none or cannot be parsed)."""
    try:
        return (urlsplit(href.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def ascii_host(host: str) -> str:
    """``host`` as the DNS reads it: each label in another alphabet in its punycode form (``xn--…``)."""
    labels = []
    for label in host.split("."):
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(label.encode("idna").decode("ascii"))
        except UnicodeError:  # not valid IDNA (a symbol, a label too long): punycode it all the same
            labels.append("xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(labels)


def is_international_host(host: str) -> bool:
    """Whether ``host`` has a label in another alphabet than ASCII (written so, or as punycode)."""
    return any(label.startswith("xn--") for label in ascii_host(host).lower().split("."))


def ascii_address(href: str) -> str:
    """``href`` with its host as the DNS reads it (``ascii_host``); the rest, and other links, unchanged."""
    try:
        parts = urlsplit(href.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return href
    if not host or host.isascii():
        return href
    userinfo, _at, _rest = parts.netloc.rpartition("@")
    netloc = (userinfo + "@" if _at else "") + ascii_host(host) + (f":{port}" if port is not None else "")
    return parts._replace(netloc=netloc).geturl()


def host_named_by(text: str) -> str:
    """The host name that link text shows, if the text reads as an address ("" otherwise)."""
    match = _host_in_text().match(text.strip())
    return match.group(1).lower().rstrip(".") if match else ""


def is_local_host(host: str) -> bool:
    """Whether ``host`` is this computer or the local network (loopback, private, link-local, ``.local``)."""
    host = host.strip("[]").lower().rstrip(".")
    if not host:
        return False
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or ("." not in host and ":" not in host):
        return True  # a single-label name ("router", "nas") only resolves on the local network
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
    )


def _same_site(shown: str, target: str) -> bool:
    """``shown`` and ``target`` are the same host, or one is a subdomain of the other."""
    shown, target = ascii_host(shown).removeprefix("www."), ascii_host(target).removeprefix("www.")
    return shown == target or target.endswith("." + shown) or shown.endswith("." + target)


def assess_link(text: str, href: str) -> list[LinkRisk]:
    """The reasons to ask before opening ``href`` from a link reading ``text``; empty when none.

    Args:
        text: The link's visible text.
        href: Its target.
    """
    risks = []
    target = host_of(href)
    shown = host_named_by(text)
    # Text that reads as an address must match the target's host (a mailto: target has no host to match).
    if shown and (not _same_site(shown, target) if target else link_scheme(href) != "mailto"):
        risks.append(LinkRisk.TEXT_NAMES_OTHER_HOST)
    if target and is_local_host(target):
        risks.append(LinkRisk.LOCAL_ADDRESS)
    if target and is_international_host(target):
        risks.append(LinkRisk.INTERNATIONAL_HOST)
    return risks
