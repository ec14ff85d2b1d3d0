"""Base URL normalisation and the endpoint URLs built from it.

Users paste a gateway's address in many forms: `gogogotoken.ai`, `https://host/`, `https://host/v1beta`,
`https://host/v1beta/models/gemini-2.5-flash:streamGenerateContent`, sometimes behind a path prefix
(`https://host/proxy/v1beta`). `normalize_base_url` is the one rule that reduces all of them to the bare base
(`https://host`, `https://host/proxy`): the settings store it, the keyring and the model cache are keyed by
it, and the client appends the endpoint paths to it exactly once, so `/v1beta/v1beta/...` never happens.

The key never goes into a URL: URLs end up in logs, proxies and error messages. A base URL with user
information or a query (`?key=...`) is refused rather than cleaned, because that is how keys leak.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from app.core.gemini.errors import ConfigurationError

BaseUrlProblem = Literal["empty", "spaces", "invalid", "scheme", "no_host", "host", "credentials", "query"]
"""Why a base URL was refused (the settings word each one for the user)."""

# The client appends the API version itself; everything from the first of these segments on is a pasted
# endpoint path (`/v1beta/models/...`, `/v1/chat/completions`, `/v1beta/openai`), compared lower-cased.
_API_VERSION_SEGMENTS = frozenset({"v1", "v1beta", "v1alpha"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_MODEL_PREFIX = "models/"
# What no host name holds (URL delimiters, HTML's angle brackets and quotes, controls, bidi overrides): such
# an address from a settings file or a link could only mislead where it is shown ("http://host<title>").
_NOT_IN_HOST_NAMES = re.compile(r"""[\x00-\x20\x7f-\x9f<>"'`{}|\\^!$&()*+,;=\u202a-\u202e\u2066-\u2069]""")


class BaseUrlError(ConfigurationError):
    """A base URL that cannot be a gateway address; nothing was sent.

    The English detail never quotes the address: people paste keys into the wrong field.

    Attributes:
        problem: Why it was refused.
    """

    def __init__(self, problem: BaseUrlProblem, detail: str) -> None:
        super().__init__(detail)
        self.problem: BaseUrlProblem = problem


def normalize_base_url(url: str) -> str:
    """Reduce a pasted gateway address to its base, without API version path, default port or trailing slash.

    Surrounding spaces are removed, `https://` is assumed when no scheme is given, the scheme and host are
    lower-cased (the host without a final dot), and everything from the first API version segment (`v1`,
    `v1beta`, `v1alpha`) on is cut off. A path prefix in front of it is kept. Normalising a normalised URL
    changes nothing.

    Args:
        url: What the user typed, for example " https://host/v1beta/ ".

    Returns:
        `scheme://host[:port][/prefix]`, for example "https://host" or "http://127.0.0.1:8080/proxy".

    Raises:
        BaseUrlError: The address cannot be a gateway's (see `BaseUrlError.problem`).
    """
    text = url.strip()
    if not text:
        raise BaseUrlError("empty", "the base URL is empty")
    if any(ch.isspace() for ch in text):
        raise BaseUrlError("spaces", "the base URL contains spaces")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise BaseUrlError("invalid", "the base URL is not a valid address (check the port)") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise BaseUrlError("scheme", "the base URL must start with https:// or http://")
    # A fully qualified name's final dot names the same host: without it, one gateway has one address (and
    # one keyring entry).
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BaseUrlError("no_host", "the base URL has no host name")
    if _NOT_IN_HOST_NAMES.search(host):
        raise BaseUrlError("host", "the base URL's host name holds characters no host name has")
    if parts.username is not None or parts.password is not None:
        raise BaseUrlError("credentials", "the base URL contains a user name or password")
    if parts.query or parts.fragment:
        raise BaseUrlError("query", "the base URL contains a '?' or '#' part")
    segments = [segment for segment in parts.path.split("/") if segment]
    for index, segment in enumerate(segments):
        if segment.lower() in _API_VERSION_SEGMENTS:
            segments = segments[:index]
            break
    path = "".join(f"/{segment}" for segment in segments)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, path, "", ""))


def sends_key_in_clear(base_url: str, *, through_proxy: bool = False) -> bool:
    """Whether requests to ``base_url`` would carry the key unencrypted over the network.

    True for plain ``http://`` to any host but this computer (``localhost``, ``*.localhost``, 127.0.0.0/8,
    ``::1``): a local gateway or tunnel never puts the key on the wire, a remote one does. An address that
    cannot be parsed counts as remote. Through a proxy (``through_proxy``, see
    ``app.core.gemini.proxy_route``), every plain ``http://`` request crosses the network to the proxy.
    """
    try:
        parts = urlsplit(base_url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return True
    if parts.scheme.lower() != "http":
        return False
    if through_proxy:
        return True
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_loopback


def base_url_after_redirect(base_url: str, request_url: str, target: str) -> str | None:
    """The base URL that would reach the API where a gateway redirected a request, if the target says.

    Only a target that keeps the request's API path (``…/v1beta/models/m:streamGenerateContent``, moved to
    another scheme, host or prefix) names a base; anything else (a sign-in page, a home page) does not.

    Args:
        base_url: The normalised base URL the request was built from.
        request_url: The URL requested.
        target: The absolute URL of the redirect's ``Location``.
    """
    request_path = urlsplit(request_url).path
    base_path = urlsplit(base_url).path
    if not base_url or not request_path.startswith(base_path):
        return None
    tail = request_path[len(base_path) :]
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if not tail or not parts.path.endswith(tail) or not parts.netloc:
        return None
    try:
        return normalize_base_url(f"{parts.scheme}://{parts.netloc}{parts.path[: -len(tail)]}")
    except ConfigurationError:
        return None


def _model_segment(model: str) -> str:
    name = model.strip()
    if name.startswith(_MODEL_PREFIX):
        name = name[len(_MODEL_PREFIX) :]
    if not name:
        raise ConfigurationError("no model is selected")
    # Quote everything but unreserved characters: a "/" or ":" in a name must not change the route.
    return quote(name, safe="-._~")


def stream_url(base: str, model: str) -> str:
    """Return the streaming endpoint: `{base}/v1beta/models/{model}:streamGenerateContent?alt=sse`.

    `?alt=sse` is always present: without it new-api answers with one JSON object at the very end.

    Raises:
        ConfigurationError: The base URL is invalid (`BaseUrlError`) or the model name is empty.
    """
    return f"{normalize_base_url(base)}/v1beta/models/{_model_segment(model)}:streamGenerateContent?alt=sse"


def generate_url(base: str, model: str) -> str:
    """Return the non-streaming endpoint: `{base}/v1beta/models/{model}:generateContent`.

    Raises:
        ConfigurationError: The base URL is invalid (`BaseUrlError`) or the model name is empty.
    """
    return f"{normalize_base_url(base)}/v1beta/models/{_model_segment(model)}:generateContent"


def models_urls(base: str) -> tuple[str, str]:
    """Return the model list endpoints in the order to try them: `/v1/models`, then `/v1beta/models`.

    Raises:
        ConfigurationError: The base URL is invalid.
    """
    root = normalize_base_url(base)
    return f"{root}/v1/models", f"{root}/v1beta/models"
