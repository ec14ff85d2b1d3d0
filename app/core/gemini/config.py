"""What a `GeminiClient` is configured with: the gateway, the key, the proxy and the timeouts.

Kept apart from ``client.py`` so that code which only describes a connection (settings, the client provider)
does not import httpx: the HTTP stack is loaded when the first request is made, after the window is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app import __version__

__all__ = ["PROXY_SCHEMES", "ClientConfig", "ProxyConfig"]

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
"""The proxy URL schemes the client can use (httpx with its socks extra)."""


@dataclass(frozen=True, slots=True)
class ProxyConfig:
    """How to reach the gateway.

    Attributes:
        mode: "system" uses the proxy of the environment and operating system (HTTP(S)_PROXY, ALL_PROXY,
            NO_PROXY, the Windows registry, macOS settings); "none" connects directly; "url" uses `url`.
        url: The proxy for mode "url": http://, https://, socks5:// or socks5h:// (user:password@ allowed).
    """

    mode: Literal["system", "none", "url"] = "system"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything a `GeminiClient` needs to talk to one gateway.

    Attributes:
        base_url: The gateway address as the user typed it; normalised by `normalize_base_url`.
        api_key: The gateway key, sent as `Authorization: Bearer`; never in a URL, a repr or a message.
        proxy: How to reach the gateway.
        connect_timeout: Seconds allowed to open a connection.
        idle_timeout: Seconds of silence (before the first chunk or between chunks) before giving up.
        max_retries: Retries of a request that failed before its answer started.
        user_agent: The User-Agent header.
    """

    base_url: str
    api_key: str = field(repr=False)
    proxy: ProxyConfig = field(default_factory=ProxyConfig)
    connect_timeout: float = 10.0
    idle_timeout: float = 300.0
    max_retries: int = 3
    user_agent: str = f"gemini-desk/{__version__}"
