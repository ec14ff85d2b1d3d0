"""The client for the current gateway settings and key, rebuilt when either changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.gemini.config import ClientConfig, ProxyConfig
from app.core.settings import Settings

if TYPE_CHECKING:
    from app.core.gemini.client import GeminiClient


@dataclass(frozen=True, slots=True)
class Connection:
    """What identifies a gateway connection: where, with which key, through which proxy."""

    base_url: str
    api_key: str = field(repr=False)
    proxy: ProxyConfig = field(default_factory=ProxyConfig)
    connect_timeout: float = 10.0
    idle_timeout: float = 300.0

    @classmethod
    def from_settings(cls, settings: Settings, api_key: str, base_url: str | None = None) -> Connection:
        """The connection the settings describe, optionally to another base URL (the demo gateway)."""
        proxy_url = settings.proxy_url or None
        return cls(
            base_url=base_url or settings.base_url,
            api_key=api_key,
            proxy=ProxyConfig(mode=settings.proxy_mode, url=proxy_url),
            connect_timeout=settings.connect_timeout,
            idle_timeout=settings.idle_timeout,
        )


class ClientProvider:
    """Hands out one :class:`GeminiClient` per connection; old clients are closed at shutdown.

    A client that is replaced may still be streaming a reply, so it is not closed at once.
    """

    def __init__(self) -> None:
        self._connection: Connection | None = None
        self._client: GeminiClient | None = None
        self._retired: list[GeminiClient] = []
        self._listeners: list[Callable[[], object]] = []

    def add_listener(self, listener: Callable[[], object]) -> None:
        """Call ``listener`` whenever the connection changes (another gateway, key or proxy, or none)."""
        self._listeners.append(listener)

    @property
    def connection(self) -> Connection | None:
        """The current connection, or None when there is no key."""
        return self._connection

    def configure(self, connection: Connection | None) -> None:
        """Use ``connection`` for the next requests (None: no key, so nothing can be sent)."""
        if connection == self._connection:
            return
        if self._client is not None:
            self._retired.append(self._client)
        self._connection = connection
        self._client = None
        for listener in self._listeners:
            listener()

    def get(self) -> GeminiClient | None:
        """The client for the current connection, or None when there is no key."""
        if self._connection is None:
            return None
        if self._client is None:
            # Imported on first use: the HTTP stack is not needed to show the window.
            from app.core.gemini.client import GeminiClient

            c = self._connection
            self._client = GeminiClient(
                ClientConfig(
                    base_url=c.base_url,
                    api_key=c.api_key,
                    proxy=c.proxy,
                    connect_timeout=c.connect_timeout,
                    idle_timeout=c.idle_timeout,
                )
            )
        return self._client

    async def aclose(self) -> None:
        """Close every client handed out."""
        clients = [*self._retired, *([self._client] if self._client else [])]
        self._retired, self._client = [], None
        for client in clients:
            await client.aclose()
