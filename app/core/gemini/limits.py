"""How much one answer may make the app hold: the size limits of a streamed reply.

A gateway decides how many bytes it sends; without limits, one line that never ends or an answer that never
finishes would be held in memory (and written to the database) until the machine runs out. Like the model
list and error bodies (`client`, `transport`), a reply is bounded twice:

* one event (an SSE line or event, a JSON element) by `EVENT_LIMIT`, enforced by the decoder while the event
  arrives, before it is whole;
* the whole reply (every data byte of the body: text, thinking, images and their JSON together, keep-alives
  not counted) by `REPLY_LIMIT`, enforced by `ReplyStream`, which keeps what arrived as a partial answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["EVENT_LIMIT", "MIB", "REPLY_LIMIT", "StreamLimits"]

MIB: Final = 1024 * 1024

EVENT_LIMIT: Final = 48 * MIB
"""Bytes one event may reach. Gemini's largest real event is an inline image: about 20 MB of base64 for a
4K picture. Twice that and some more leaves room for larger pictures and verbose gateways, while a line that
never ends is refused after 48 MiB instead of filling memory."""

REPLY_LIMIT: Final = 96 * MIB
"""Data bytes one reply may reach. A long text answer (65,536 output tokens plus thinking) is a few MB on the
wire; four of the largest images (~20 MB of base64 each) still fit. A gateway that streams without end is cut
here, a small fraction of a laptop's memory."""


@dataclass(frozen=True, slots=True)
class StreamLimits:
    """The size limits a client applies to its replies (tests use small ones).

    Attributes:
        event: Bytes one event may reach (see `EVENT_LIMIT`).
        reply: Data bytes one reply may reach (see `REPLY_LIMIT`).
    """

    event: int = EVENT_LIMIT
    reply: int = REPLY_LIMIT
