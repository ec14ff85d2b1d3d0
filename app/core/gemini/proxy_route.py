"""Whether a request to the gateway goes through a proxy.

Through a proxy even a gateway on this computer is reached over the network, and plain ``http://`` shows the
key to the proxy.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit


def proxy_applies(
    base_url: str, mode: str, proxy_url: str = "", proxies: Mapping[str, str] | None = None
) -> bool:
    """Whether requests to ``base_url`` would go through a proxy under the app's proxy setting.

    Args:
        base_url: The gateway's base URL.
        mode: The ``proxy_mode`` setting: "system", "none" or "url".
        proxy_url: The proxy of mode "url".
        proxies: For mode "system", the scheme -> proxy map (``urllib.request.getproxies()`` by default:
            the environment's ``*_PROXY`` variables, or the Windows and macOS settings), with ``no``
            for the bypass list.

    Returns:
        True for mode "url" with a proxy, and for mode "system" when a proxy for the gateway's scheme (or
        ``all``) is set and the host is not in the bypass list.
    """
    if mode == "url":
        return bool(proxy_url.strip())
    if mode != "system":
        return False
    # Imported here: urllib.request brings http.client and email (about 15 ms), not needed before a setting
    # is applied or a connection tested, long after start-up.
    import urllib.request

    found = dict(urllib.request.getproxies() if proxies is None else proxies)
    try:
        parts = urlsplit(base_url.strip())
    except ValueError:
        return True
    if not (found.get(parts.scheme.lower()) or found.get("all")):
        return False
    host = parts.hostname or ""
    # Not in typeshed, but public in every Python since 3.x: the NO_PROXY matching httpx and requests follow.
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    return not bypass(host, found)
