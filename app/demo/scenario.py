"""What the gateway double answers to one request: the `Scenario` value and its mid-stream `Fault`.

A scenario is plain data. The server turns it into bytes (see `framing`) and writes them; nothing here
knows about sockets, so a scenario can be built, inspected and reused freely. A scenario set with
`GatewayDouble.set_scenario` answers many requests, so `chunks` must be re-iterable: a sequence, or a
zero-argument callable returning a fresh iterable (a generator function is fine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

JsonObject: TypeAlias = dict[str, Any]

Shape: TypeAlias = Literal["google-sse", "gateway-sse", "cr-sse", "json-array", "object"]
"""How response objects are framed.

- ``google-sse``: ``data: {json}`` + CRLF CRLF per event, Google's own ``?alt=sse`` output.
- ``gateway-sse``: ``data: {json}`` + LF LF per event, compact Go JSON, as new-api re-emits it.
- ``cr-sse``: ``data: {json}`` + CR CR per event: bare CR line ends, valid SSE that few servers write.
- ``json-array``: Google without ``alt=sse``: ``[{pretty}`` then ``CRLF,CRLF{pretty}`` ... ``CRLF]``.
- ``object``: all chunks merged into one ordinary pretty-printed response.
"""

FaultKind: TypeAlias = Literal["error-event", "raw-error", "cut", "truncated-json", "stall", "unclosed"]

Split: TypeAlias = Literal["none", "random"] | int


@dataclass(frozen=True)
class Fault:
    """Something that goes wrong after the stream has started.

    Attributes:
        kind: ``error-event`` frames `error` like any other event; ``raw-error`` writes it as raw
            pretty-printed JSON without a ``data:`` prefix; ``cut`` closes the socket abruptly (no
            final chunk of the chunked encoding); ``truncated-json`` writes the first half of the next
            event and then ends the body cleanly; ``stall`` goes silent for `stall_seconds` (or sends only
            keep-alives, see `ping_every`), then cuts; ``unclosed`` ends the body cleanly but leaves a JSON
            array open (for SSE shapes it is a plain end).
        after: how many chunks are sent before the fault; the remaining chunks are never sent. With `after`
            at least the number of chunks, the whole answer (finish reason included) goes out first.
        error: the error object for ``error-event`` and ``raw-error``.
        stall_seconds: the silence of a ``stall``; ``GatewayDouble.stop`` interrupts it at once.
        cut_inside: for ``cut``, how many bytes of the next event are written before the socket
            closes (0: the cut falls between two events), so a cut can land anywhere in the stream.
        ping_every: for ``stall``, write a ``: PING`` comment every so many seconds of the stall (0: none),
            as gateways do while their upstream is stuck.
    """

    kind: FaultKind
    after: int = 2
    error: Mapping[str, Any] | None = None
    stall_seconds: float = 30.0
    cut_inside: int = 0
    ping_every: float = 0.0


@dataclass
class Scenario:
    """One way of answering a request.

    Attributes:
        name: the registry name (also usable in ``X-Demo-Scenario`` and ``demo-scenario-<name>``).
        shape: the framing; None follows the request like Google does: ``alt=sse`` gives Google SSE,
            the stream route without it a JSON array, ``:generateContent`` one object.
        chunks: the response objects, a sequence or a callable returning a fresh iterable.
        status: the HTTP status.
        headers: extra response headers; ``{path}`` in a value is replaced by the request's path and query
            (a redirect's ``Location`` to the same API path on another host).
        content_type: overrides the content type implied by the shape (or by `error`).
        raw_body: sent verbatim with a Content-Length instead of chunks (HTML pages, empty bodies).
        error: a JSON error body sent before the stream, instead of chunks. Strings in it may hold
            ``{model}`` and ``{request_id}`` placeholders. A Google envelope (it has ``status``) is
            pretty-printed and wrapped in a one-element array on the JSON-array route; a new-api
            envelope is compact.
        split: how the body is cut into writes: ``none`` (one write per event), ``random`` (sizes
            1..48 from `seed`), or a fixed size in bytes (1 = byte by byte). Splits ignore event
            boundaries, so they land inside multi-byte characters and between CR and LF.
        seed: the seed of a random split.
        write_delay: seconds between the pieces of a split body (so a reader sees them separately).
        first_byte_delay: seconds before the status line (a thinking model sends nothing meanwhile).
        chunk_delay: seconds between events.
        ping: write ``: PING`` comment lines between SSE events (older new-api builds).
        done: end an SSE stream with ``data: [DONE]``.
        fault: a mid-stream failure, or None (ignored by the ``object`` shape, which is one body).
    """

    name: str
    shape: Shape | None = None
    chunks: Sequence[JsonObject] | Callable[[], Iterable[JsonObject]] = ()
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str | None = None
    raw_body: bytes | None = None
    error: JsonObject | None = None
    split: Split = "none"
    seed: int = 0
    write_delay: float = 0.0
    first_byte_delay: float = 0.0
    chunk_delay: float = 0.0
    ping: bool = False
    done: bool = False
    fault: Fault | None = None

    def iter_chunks(self) -> Iterator[JsonObject]:
        """Return a fresh iterator over the response objects."""
        source = self.chunks() if callable(self.chunks) else self.chunks
        return iter(source)
