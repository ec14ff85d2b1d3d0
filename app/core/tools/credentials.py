"""Credentials typed where they do not belong: inside a server's arguments or URL, or sent over plain HTTP.

``mcpServers`` snippets often carry a token right in the command line (``--api-key=sk-…``,
``--token ghp_…``, ``docker run -e GITHUB_TOKEN=…``) or in the URL (``?api_key=…``, ``https://user:pass@host``).
Left there, it is written to ``settings.json`` and to every export. :func:`find_credentials` finds them;
:func:`move_credentials` moves each one into a secret variable of the server (kept in the keyring like any
secret value) and leaves a ``${NAME}`` placeholder where it was, which :func:`expand_placeholders` fills in
again just before the server starts. An HTTP server's userinfo (``user:pass@``) becomes an ``Authorization:
Basic`` header instead, which is what it meant.

:func:`plain_http_secrets` tells when secret headers would cross the network unencrypted (``http://`` to a
host other than this machine).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

from app.core.tools.servers import McpServerConfig, is_secret_name

__all__ = [
    "FoundCredential",
    "expand_placeholders",
    "fill_placeholders",
    "find_credentials",
    "move_credentials",
    "placeholders_in",
    "plain_http_secrets",
]

# A flag or parameter naming a credential: whole words only ("--api-key", "access_token"; not "--keyboard",
# not "--session-dir"), and not the path of a file holding one ("--password-file" names a file, not a secret).
_SECRET_WORD = re.compile(
    r"(?i)(?:^|[-_.])(?:api[-_]?key|key|token|secret|passw(?:or)?d|pwd|pass|credentials?|auth|authorization"
    r"|bearer|cookie|sig|signature)(?:$|[-_.])"
)
_FILE_WORD = re.compile(r"(?i)[-_](?:file|path|dir|env|name|type|url|header)$")
# Well-known token shapes that need no flag to be recognised.
_TOKEN_SHAPE = re.compile(
    r"^(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|glpat-[\w-]{20,}|sk-[\w-]{20,}|sk_live_\w{16,}"
    r"|xox[abpr]-[\w-]{10,}|AIza[\w-]{30,})$"
)
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


@dataclass(frozen=True)
class FoundCredential:
    """A credential typed in a server's arguments or URL.

    Attributes:
        where: ``args`` or ``url``.
        label: What the user recognises it by: the flag, the URL parameter, or ``user:password@``.
    """

    where: Literal["args", "url"]
    label: str


def _secret_flag(flag: str) -> bool:
    name = flag.lstrip("-")
    return bool(name) and bool(_SECRET_WORD.search(name)) and not _FILE_WORD.search(name)


def _variable(label: str, taken: set[str]) -> str:
    """A variable name for a moved credential: from its flag or parameter, upper case, unique."""
    base = re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_").upper() or "SECRET"
    if not is_secret_name(base):
        base += "_SECRET"
    if base[0].isdigit():
        base = "_" + base
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    taken.add(name)
    return name


def _is_value(text: str) -> bool:
    return bool(text) and not _PLACEHOLDER.fullmatch(text)


def _url_credentials(url: str) -> list[tuple[str, str]]:
    """(label, value) of the credentials in a URL: its password, and query parameters naming a secret."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = []
    if parts.password and _is_value(unquote(parts.password)):
        found.append(("user:password@", parts.password))
    for name, value in parse_qsl(parts.query, keep_blank_values=False):
        if _secret_flag(name) and _is_value(value):
            found.append((name, value))
    return found


def _looks_like_url(text: str) -> bool:
    return bool(re.match(r"(?i)^[a-z][a-z0-9+.-]*://", text))


def find_credentials(server: McpServerConfig) -> list[FoundCredential]:
    """The credentials typed in ``server``'s arguments or URL (placeholders already moved are not)."""
    found: list[FoundCredential] = []
    if server.transport == "http":
        return [FoundCredential("url", label) for label, _ in _url_credentials(server.url)]
    args = list(server.args)
    for index, arg in enumerate(args):
        flag, equals, value = arg.partition("=")
        if _looks_like_url(arg):
            found += [FoundCredential("args", label) for label, _ in _url_credentials(arg)]
        elif equals and _secret_flag(flag) and _is_value(value):
            found.append(FoundCredential("args", flag))
        elif arg.startswith("-") and not equals and _secret_flag(arg):
            following = args[index + 1] if index + 1 < len(args) else ""
            if _is_value(following) and not following.startswith("-"):
                found.append(FoundCredential("args", arg))
        elif _TOKEN_SHAPE.match(arg) and not (index and _secret_flag(args[index - 1])):
            found.append(FoundCredential("args", arg[:6] + "…"))
    return found


def _move_from_url(url: str, env: dict[str, str], taken: set[str], names: set[str]) -> str:
    # Values are kept as written in the URL (percent-encoded): the placeholder gets them back as such.
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password and _is_value(unquote(parts.password)):
        variable = _variable("URL_PASSWORD", taken)
        env[variable] = parts.password
        names.add(f"env:{variable}")
        user = netloc.rpartition("@")[0].partition(":")[0]
        netloc = f"{user}:${{{variable}}}@{netloc.rpartition('@')[2]}"
    query = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _secret_flag(name) and _is_value(value):
            variable = _variable(name, taken)
            env[variable] = quote(value, safe="")
            names.add(f"env:{variable}")
            query.append(f"{quote(name, safe='')}=${{{variable}}}")
        else:
            query.append(f"{quote(name, safe='')}={quote(value, safe='')}")
    return urlunsplit((parts.scheme, netloc, parts.path, "&".join(query), parts.fragment))


def move_credentials(server: McpServerConfig) -> McpServerConfig:
    """``server`` with each credential of :func:`find_credentials` moved into a secret variable.

    The variable joins ``env`` and ``secret_names`` (so ``split_secrets`` sends it to the keyring); a
    ``${NAME}`` placeholder takes its place. An HTTP server's ``user:password@`` becomes a Basic
    ``Authorization`` header, unless it has one of its own (then the password is a placeholder in the URL).
    """
    env = dict(server.env)
    headers = dict(server.headers)
    names = set(server.secret_names)
    taken = set(env)
    if server.transport == "http":
        parts = urlsplit(server.url)
        url = server.url
        # A header the user wrote themselves is never replaced: the URL's password then stays in the URL, as
        # a placeholder like any other URL secret.
        own_header = any(name.lower() == "authorization" for name in headers)
        if parts.password and _is_value(unquote(parts.password)) and not own_header:
            pair = f"{unquote(parts.username or '')}:{unquote(parts.password)}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
            names.add("header:Authorization")
            host = parts.netloc.rpartition("@")[2]
            url = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
        url = _move_from_url(url, env, taken, names)
        return replace(server, url=url, env=env, headers=headers, secret_names=tuple(sorted(names)))
    args = list(server.args)
    for index, arg in enumerate(args):
        flag, equals, value = arg.partition("=")
        if _looks_like_url(arg):
            args[index] = _move_from_url(arg, env, taken, names) if _url_credentials(arg) else arg
            continue
        target, prefix = index, ""  # the argument that gets the placeholder, and what stays before it
        if equals and _secret_flag(flag) and _is_value(value):
            secret, label, prefix = value, flag, flag + "="
        elif arg.startswith("-") and not equals and _secret_flag(arg) and index + 1 < len(args):
            following = args[index + 1]
            if not _is_value(following) or following.startswith("-"):
                continue
            secret, label, target = following, arg, index + 1
        elif _TOKEN_SHAPE.match(arg) and not (index and _secret_flag(args[index - 1])):
            secret, label = arg, "TOKEN"
        else:
            continue
        variable = _variable(label, taken)
        env[variable] = secret
        names.add(f"env:{variable}")
        args[target] = f"{prefix}${{{variable}}}"
    return replace(server, args=tuple(args), env=env, secret_names=tuple(sorted(names)))


def expand_placeholders(server: McpServerConfig) -> McpServerConfig:
    """``server`` with ``${NAME}`` in its arguments and URL replaced by its variable ``NAME`` (at start).

    Only the server's own variables are used; a placeholder naming none stays as written.
    """
    return fill_placeholders(server, server.env)


def fill_placeholders(server: McpServerConfig, values: Mapping[str, str]) -> McpServerConfig:
    """``server`` with each ``${NAME}`` of its arguments and URL named in ``values`` replaced by the value."""

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    if not values:
        return server
    return replace(server, args=tuple(fill(a) for a in server.args), url=fill(server.url))


def placeholders_in(server: McpServerConfig) -> set[str]:
    """The variable names of the ``${NAME}`` placeholders in ``server``'s arguments and URL."""
    return {m.group(1) for text in (*server.args, server.url) for m in _PLACEHOLDER.finditer(text)}


def _loopback(host: str) -> bool:
    import ipaddress  # (only when a server is checked: never on the start-up path)

    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_secrets(server: McpServerConfig) -> bool:
    """Whether ``server`` would send secret headers or URL credentials unencrypted, to another machine."""
    if server.transport != "http":
        return False
    try:
        parts = urlsplit(server.url.strip())
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme.lower() != "http" or _loopback(host):
        return False
    secret_headers = any(n.startswith("header:") for n in server.secret_names) or any(
        is_secret_name(h) for h in server.headers
    )
    in_url = bool(_url_credentials(server.url)) or any(n.startswith("env:") for n in server.secret_names)
    return secret_headers or in_url
