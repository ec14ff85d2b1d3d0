"""Base URL normalisation and the endpoint URLs built from it.

Users paste a gateway's address in many forms: `https://host`, `https://host/`, `https://host/v1beta`,
`https://host/v1`, `https://host/v1beta/models`, sometimes behind a path prefix (`https://host/proxy/v1beta`).
Everything is reduced to the bare base (`https://host`, `https://host/proxy`) so that endpoint paths are
appended exactly once and `/v1beta/v1beta/...` never happens.

The key never goes into a URL: URLs end up in logs, proxies and error messages.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import quote, urlsplit

from app.core.gemini.errors import ConfigurationError

# API path tails that users paste along with the base; the longest match is removed (lower-cased segments).
_API_TAILS: tuple[tuple[str, ...], ...] = (
    ("v1", "chat", "completions"),
    ("v1beta", "openai"),
    ("v1beta", "models"),
    ("v1alpha", "models"),
    ("v1", "models"),
    ("v1beta",),
    ("v1alpha",),
    ("v1",),
)
_MODEL_PREFIX = "models/"


def normalize_base_url(url: str) -> str:
    """Reduce a pasted gateway address to its base, without API version path or trailing slash.

    Args:
        url: What the user typed, for example " https://host/v1beta/ ".

    Returns:
        `scheme://host[:port][/prefix]`, for example "https://host" or "https://host/proxy". Query and
        fragment are dropped.

    Raises:
        ConfigurationError: The address has no http(s) scheme or no host.
    """
    text = url.strip()
    if not text:
        raise ConfigurationError("the base URL is empty")
    if "://" not in text:
        raise ConfigurationError(f"the base URL has no scheme (https://...): {text!r}")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - parsing the port validates it (raises ValueError)
    except ValueError as exc:
        raise ConfigurationError(f"the base URL is not valid: {text!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ConfigurationError(f"the base URL must start with http:// or https://, not {scheme}://")
    if not host:
        raise ConfigurationError(f"the base URL has no host: {text!r}")
    segments = [segment for segment in parts.path.split("/") if segment]
    lowered = [segment.lower() for segment in segments]
    for tail in _API_TAILS:
        if len(lowered) >= len(tail) and tuple(lowered[-len(tail) :]) == tail:
            segments = segments[: -len(tail)]
            break
    path = "".join(f"/{segment}" for segment in segments)
    # The host part is case-insensitive; keep the rest of the netloc (user info, port) as typed.
    netloc = parts.netloc.rsplit("@", 1)
    netloc[-1] = netloc[-1].lower()
    return f"{scheme}://{'@'.join(netloc)}{path}"


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
        ConfigurationError: The base URL is invalid or the model name is empty.
    """
    return f"{normalize_base_url(base)}/v1beta/models/{_model_segment(model)}:streamGenerateContent?alt=sse"


def generate_url(base: str, model: str) -> str:
    """Return the non-streaming endpoint: `{base}/v1beta/models/{model}:generateContent`.

    Raises:
        ConfigurationError: The base URL is invalid or the model name is empty.
    """
    return f"{normalize_base_url(base)}/v1beta/models/{_model_segment(model)}:generateContent"


def models_urls(base: str) -> tuple[str, str]:
    """Return the model list endpoints in the order to try them: `/v1/models`, then `/v1beta/models`.

    Raises:
        ConfigurationError: The base URL is invalid.
    """
    root = normalize_base_url(base)
    return f"{root}/v1/models", f"{root}/v1beta/models"
