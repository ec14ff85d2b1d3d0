"""With a proxy in use, even a plain ``http://`` gateway on this computer sends the key to the proxy in clear
text: it gets the same warning as a remote one."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync

from app.core.gemini.proxy_route import proxy_applies
from app.core.gemini.urls import sends_key_in_clear
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, wait_until

KEY = "sk-plain-http-proxy-0123456789"
LOOPBACK = "http://127.0.0.1:9"


@pytest.fixture
def proxy() -> Iterator[GatewayDouble]:
    with GatewayDouble(KEY) as double:
        yield double


@pytest.mark.parametrize(
    ("mode", "proxy_url", "proxies", "applies"),
    [
        ("url", "http://proxy.example:3128", {}, True),
        ("none", "", {"http": "http://proxy.example:3128"}, False),
        ("system", "", {"http": "http://proxy.example:3128"}, True),
        ("system", "", {"all": "socks5://proxy.example:1080"}, True),
        ("system", "", {"http": "http://proxy.example:3128", "no": "127.0.0.1,localhost"}, False),
        ("system", "", {"https": "http://proxy.example:3128"}, False),
        ("system", "", {}, False),
    ],
)
def test_when_a_proxy_carries_a_loopback_request(
    mode: str, proxy_url: str, proxies: dict[str, str], applies: bool
) -> None:
    assert proxy_applies(LOOPBACK, mode, proxy_url, proxies) is applies
    assert sends_key_in_clear(LOOPBACK, through_proxy=applies) is applies
    assert not sends_key_in_clear("https://gw.example", through_proxy=True)


def test_a_loopback_http_gateway_behind_a_proxy_is_warned_about_before_anything_is_sent(
    qloop: qasync.QEventLoop, tmp_path: Path, proxy: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        guard = desk.setup.plain_http_guard
        await wait_until(lambda: guard.box is not None and guard.box.isVisible(), 5.0, "the warning")
        assert guard.box is not None
        assert "proxy" in guard.box.text() and "unencrypted" in guard.box.text()
        await asyncio.sleep(0.5)
        assert proxy.requests == [], "a request reached the proxy before the user answered"
        assert desk.clients.get() is None

    run_app(
        qloop,
        tmp_path,
        body,
        environ={"GEMINI_API_KEY": KEY},
        settings={"base_url": LOOPBACK, "proxy_mode": "url", "proxy_url": proxy.base_url},
    )
