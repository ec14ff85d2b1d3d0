"""Load the HTTP stack ahead of the first request, in a worker thread rather than the GUI thread.

The first request of a run imports httpx (with httpcore, h11, idna and socksio), reads the CA bundle into the
TLS context every client shares, and on its first connection imports httpcore's asyncio backend (anyio): in
all 110-180 ms of one thread on an idle machine. On the GUI thread that is a stall of the window, right after
the key is found (the model list and the key's quota are asked then) or on the first Send. Loaded in a worker
thread, the GUI thread only waits for the interpreter lock, which a running thread hands over every 5 ms.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ["alongside_http_stack", "load_http_stack", "load_http_stack_in_thread"]

T = TypeVar("T")

_LOG = logging.getLogger(__name__)

# What httpcore imports on its first asyncio connection (``httpcore._backends.auto``): internal names, so a
# missing one is skipped, and the first connection then imports what it needs as before.
_FIRST_CONNECTION = ("httpcore._backends.anyio", "anyio._backends._asyncio")


def load_http_stack() -> None:
    """Import the client with the HTTP library and build the shared TLS context (any thread)."""
    from app.core.gemini import client  # noqa: F401  (imported for its side effect: the modules loaded)
    from app.core.gemini.transport import tls_context

    tls_context(trust_env=True)  # the context of the default proxy mode ("system")
    for name in _FIRST_CONNECTION:
        try:
            importlib.import_module(name)
        except ImportError:
            _LOG.debug("could not preload %s", name, exc_info=True)


async def load_http_stack_in_thread() -> None:
    """Run `load_http_stack` in a worker thread; a failure is only logged (a request loads what it needs)."""
    try:
        await asyncio.to_thread(load_http_stack)
    except Exception:
        _LOG.debug("loading the HTTP stack ahead failed", exc_info=True)


async def alongside_http_stack(work: Awaitable[T]) -> T:
    """Await ``work`` while `load_http_stack` runs in a worker thread; return its result once both end."""
    result, _loaded = await asyncio.gather(work, load_http_stack_in_thread())
    return result
