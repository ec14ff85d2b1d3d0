"""StreamDecoder properties: chunking never matters; damaged bytes only ever raise the project's errors."""

from __future__ import annotations

import contextlib
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.gemini.decoder import StreamDecoder
from app.core.gemini.errors import GeminiError
from tests.helpers import stream_samples as samples

SHAPES = samples.all_shapes()
NAMES = sorted(SHAPES)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def split_at(body: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(body) + 1) for c in cuts})
    bounds = [0, *points, len(body)]
    return [body[a:b] for a, b in itertools.pairwise(bounds)]


def decode(pieces: list[bytes]) -> list[dict[str, Any]]:
    dec = StreamDecoder()
    out: list[dict[str, Any]] = []
    for piece in pieces:
        out += dec.feed(piece)
    return out + dec.close()


@FAST
@given(name=st.sampled_from(NAMES), cuts=st.lists(st.integers(min_value=0), max_size=40))
def test_any_chunking_yields_the_same_objects(name: str, cuts: list[int]) -> None:
    body, expected = SHAPES[name]
    assert decode(split_at(body, cuts)) == expected


@FAST
@given(
    name=st.sampled_from(NAMES),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8),
    cuts=st.lists(st.integers(min_value=0), max_size=10),
)
def test_mutated_bytes_raise_only_project_errors(
    name: str, edits: list[tuple[int, int]], cuts: list[int]
) -> None:
    body = bytearray(SHAPES[name][0])
    for where, value in edits:
        body[where % len(body)] = value
    try:
        objects = decode(split_at(bytes(body), cuts))
    except GeminiError:
        return
    assert all(isinstance(obj, dict) for obj in objects)


@FAST
@given(
    name=st.sampled_from(NAMES),
    keep=st.integers(min_value=0),
    cuts=st.lists(st.integers(min_value=0), max_size=10),
)
def test_a_cut_stream_returns_a_prefix_of_the_objects_or_a_project_error(
    name: str, keep: int, cuts: list[int]
) -> None:
    body, expected = SHAPES[name]
    cut_body = body[: keep % (len(body) + 1)]
    dec = StreamDecoder()
    seen: list[dict[str, Any]] = []
    for piece in split_at(cut_body, cuts):
        seen += dec.feed(piece)
    # Whatever happens at EOF, what was already returned is an exact prefix of the real answer.
    assert seen == expected[: len(seen)]
    try:
        seen += dec.close()
    except GeminiError:
        return
    assert seen == expected[: len(seen)]


@FAST
@given(junk=st.binary(max_size=300), cuts=st.lists(st.integers(min_value=0), max_size=10))
def test_arbitrary_bytes_raise_only_project_errors(junk: bytes, cuts: list[int]) -> None:
    with contextlib.suppress(GeminiError):
        decode(split_at(junk, cuts))


# Lines a gateway or a damaged stream may put between simple events; each decodes (or fails) on its own terms.
SSE_PIECES = [
    b'data: {"a": 1, "t": "\xe5\x8c\x97"}\n\n',
    b'data:{"b": [2]}\r\n\r\n',
    b'data:  {"c": 3}\r\n\n',
    b": PING\n\n",
    b'data: {"d":\ndata: 4}\n\n',
    b'event: message\nid: 1\ndata: {"e": 5}\n\n',
    b'data: {"f": "\\ud800"}\n\n',
    b'data: {"g": "\xff"}\n\n',
    b"data:\n\n\n",
    b"data: [1]\n\n",
    b'data: {"h": 6}\n\r\n\r\n',
    b"data: [DONE]\n\n",
    b"\r",
    b'data: {"i": 7}\n\r\r\n',
    b'data: {"j": 8}\r\r',
    b": PING\r\r",
    b'data: {"k":\rdata: 9}\r\n\r',
]


def outcome(pieces: list[bytes]) -> tuple[list[dict[str, Any]], str | None]:
    dec = StreamDecoder()
    out: list[dict[str, Any]] = []
    try:
        for piece in pieces:
            out += dec.feed(piece)
        out += dec.close()
    except GeminiError as exc:
        return out, type(exc).__name__
    return out, None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.integers(0, len(SSE_PIECES) - 1), max_size=30),
    cuts=st.lists(st.integers(min_value=0), max_size=10),
)
def test_any_mix_of_sse_lines_reads_as_when_fed_byte_by_byte(picks: list[int], cuts: list[int]) -> None:
    body = b'data: {"first": 0}\n\n' + b"".join(SSE_PIECES[i] for i in picks)
    expected = outcome([body[i : i + 1] for i in range(len(body))])
    assert outcome(split_at(body, cuts)) == expected
    assert outcome([body[:1], body[1:]]) == expected
