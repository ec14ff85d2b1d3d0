"""User names and passwords in proxy URLs: taking the password out, and putting it back.

``Settings.proxy_url`` holds the whole URL in memory; what is written to disk never holds the password
(``app.core.proxy_password`` keeps it in the secret store).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

ACCOUNT_PREFIX = "proxy-password:"

# user:password@ after a scheme, as it may stand in a settings file that is not JSON any more. The password
# runs to the last "@" before the host (urlsplit's rule), so it may itself contain "@".
_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^:/@\s\"]*):[^/\s\"]*@")


def split_password(url: str) -> tuple[str, str]:
    """``url`` without its password, and the password as written in the URL (percent-encoded).

    Returns:
        ``("http://user@proxy:3128", "secret")`` for ``http://user:secret@proxy:3128``; an URL without a
        password (or one that is not an URL) comes back unchanged with ``""``.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, ""
    userinfo, at, host = parts.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not at or not colon:
        return url, ""
    return urlunsplit(parts._replace(netloc=f"{user}@{host}")), password


def without_password(url: str) -> str:
    """``url`` with any password removed (the user name stays)."""
    return split_password(url)[0]


def with_password(url: str, password: str) -> str:
    """``url`` (which has a user name and no password) with ``password`` put back in."""
    parts = urlsplit(url)
    user, at, host = parts.netloc.rpartition("@")
    if not at or not password or ":" in user:
        return url
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}"))


def readable_password(written: str) -> str:
    """A password as written in a URL (percent-encoded), as the user typed it."""
    return unquote(written)


def join_password(url: str, typed: str, written: str = "") -> str:
    """``url`` (a user name, no password) with the password ``typed`` in a password field put in.

    Args:
        url: The proxy URL without a password.
        typed: The password as the user sees it ("" leaves ``url`` as it is).
        written: The percent-encoded form the password had before, kept when ``typed`` is that password,
            so an unchanged password keeps the spelling it is stored under.
    """
    if not typed:
        return url
    encoded = written if written and unquote(written) == typed else quote(typed, safe="")
    return with_password(url, encoded)


def scrub_credentials(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` in it removed."""
    return _CREDENTIALS.sub(r"\1@", text)


def proxy_account(url: str) -> str:
    """The secret-store account of the password of the proxy ``url``: its address with the user name."""
    return ACCOUNT_PREFIX + without_password(url)


def has_user(url: str) -> bool:
    """Whether the proxy ``url`` names a user (a password for it may be stored)."""
    try:
        return bool(urlsplit(url).username)
    except ValueError:
        return False
