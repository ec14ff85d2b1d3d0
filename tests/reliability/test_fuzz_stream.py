"""Fuzzing the decoder and the accumulator with damaged, real-shaped streams.

Each example starts from a recorded-shape body (``tests/helpers/stream_samples.py``: Google SSE, gateway SSE,
JSON array, single object), damages it (byte flips, a truncation, inserted bytes, a duplicated range of bytes,
a duplicated whole chunk), feeds it in random pieces through ``StreamDecoder`` into ``Accumulator`` exactly as
the client does, and checks two promises:

* Only the project's own errors escape: anything raised is a ``GeminiError`` (the root of the client's one
  exception tree); the accumulator never raises at all.
* No text that was complete before the fault is lost. Precisely: let ``p`` be the length of the longest common
  prefix of the original and the damaged body (the offset of the first damaged byte). The objects the decoder
  returns for the *undamaged* prefix ``body[:p]`` are the ones fully delivered before the fault; the answer
  text and the thought text those objects carry must each be a prefix of the damaged run's snapshot text and
  thoughts, whatever happened afterwards.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.gemini.accumulator import Accumulator
from app.core.gemini.decoder import StreamDecoder
from app.core.gemini.errors import GeminiError
from app.core.texts import render
from tests.helpers import stream_samples as samples

SHAPES = samples.all_shapes()
NAMES = sorted(SHAPES)
# Bounded CI cost: a few hundred examples in all, each well under a millisecond of decoding.
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that matter most to the decoders: structure, line ends, quotes, escapes, and broken UTF-8 lead bytes.
_INTERESTING = b'{}[]",:\\\r\n \x00\xc3\xe4\xf0\xff' + b"data: "


@dataclass(frozen=True)
class Outcome:
    """What a run of the decoder and accumulator produced."""

    text: str
    thoughts: str
    error: GeminiError | None


def _run(pieces: list[bytes], *, close: bool = True) -> Outcome:
    """Feed ``pieces`` as the client does: objects into the accumulator until the decoder raises."""
    decoder = StreamDecoder()
    accumulator = Accumulator()
    error: GeminiError | None = None
    try:
        for piece in pieces:
            for obj in decoder.feed(piece):
                accumulator.add(obj)
        if close:
            for obj in decoder.close():
                accumulator.add(obj)
    except GeminiError as exc:  # anything else propagates and fails the test
        error = exc
    snapshot = accumulator.snapshot()
    return Outcome(snapshot.text, snapshot.thoughts, error)


def _delivered_before(body: bytes, first_damaged: int) -> Outcome:
    """The text carried by objects the decoder completes from the undamaged prefix alone (no EOF)."""
    return _run([body[:first_damaged]], close=False)


def _common_prefix(a: bytes, b: bytes) -> int:
    limit = min(len(a), len(b))
    for index in range(limit):
        if a[index] != b[index]:
            return index
    return limit


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    bounds = [0, *points, len(data)]
    return [data[start:end] for start, end in itertools.pairwise(bounds)]


@st.composite
def _mutation(draw: st.DrawFn, body: bytes) -> bytes:
    """One damaging edit of ``body`` (a few of them, sometimes)."""
    data = bytearray(body)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "set", "truncate", "insert", "duplicate", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set":
            data[at] = draw(st.sampled_from(list(_INTERESTING)))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            extra = draw(
                st.binary(min_size=1, max_size=12) | st.sampled_from([b"\n", b"\r\n", b"\n\n", b"}"])
            )
            data[at:at] = extra
        elif kind == "duplicate":
            length = draw(st.integers(1, 200))
            data[at:at] = data[at : at + length]
        else:
            del data[at : at + draw(st.integers(1, 40))]
        if not data:
            break
    return bytes(data)


def _check(body: bytes, damaged: bytes, cuts: list[int]) -> None:
    first_damaged = _common_prefix(body, damaged)
    before = _delivered_before(body, first_damaged)
    assert before.error is None, "the undamaged prefix of a valid body must not fail"
    after = _run(_split(damaged, cuts))
    if after.error is not None:
        # The user sees this message: it must render, in both languages, for any damage.
        assert render(after.error.user_message(), "en")
        assert render(after.error.user_message(), "zh")
    assert after.text.startswith(before.text), (first_damaged, before.text, after.text)
    assert after.thoughts.startswith(before.thoughts), (first_damaged, before.thoughts, after.thoughts)


@FUZZ
@given(data=st.data(), name=st.sampled_from(NAMES), cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_damaged_streams_raise_only_project_errors_and_keep_text_delivered_before_the_damage(
    data: st.DataObject, name: str, cuts: list[int]
) -> None:
    body = SHAPES[name][0]
    damaged = data.draw(_mutation(body))
    _check(body, damaged, cuts)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["google_sse", "gateway_sse", "gateway_sse_ping_done"]),
    repeat=st.lists(st.integers(0, 4), min_size=1, max_size=4),
    cuts=st.lists(st.integers(min_value=0), max_size=12),
)
def test_duplicated_sse_events_only_add_text_after_the_original(
    name: str, repeat: list[int], cuts: list[int]
) -> None:
    """A gateway that re-sends whole events (a retry inside a proxy) never removes text already shown."""
    body = SHAPES[name][0]
    separator = b"\r\n\r\n" if name == "google_sse" else b"\n\n"
    events = [event + separator for event in body.split(separator) if event]
    damaged_events = list(events)
    for index in sorted(repeat, reverse=True):
        where = index % len(events)
        damaged_events.insert(where + 1, events[where])
    _check(body, b"".join(damaged_events), cuts)


def test_the_definition_of_delivered_text_is_not_vacuous() -> None:
    """Cutting a body just after its second answer chunk keeps exactly the text of the chunks before it."""
    body = SHAPES["gateway_sse"][0]
    first, second, *_ = body.split(b"\n\n")
    second_end = len(first) + 2 + len(second) + 2  # the thought chunk, then the first answer chunk
    before = _delivered_before(body, second_end)
    assert before.text == samples.ANSWER_TEXTS[0]
    assert before.thoughts == samples.THOUGHT_TEXT
    assert _run([body[: second_end + 7]]).text.startswith(samples.ANSWER_TEXTS[0])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
# Keys the accumulator looks at, so generated objects hit its real code paths rather than only unknown keys.
_KEYS = st.sampled_from(
    [
        "candidates",
        "content",
        "parts",
        "text",
        "thought",
        "thoughtSignature",
        "inlineData",
        "functionCall",
        "executableCode",
        "codeExecutionResult",
        "finishReason",
        "usageMetadata",
        "groundingMetadata",
        "promptFeedback",
        "blockReason",
        "index",
        "modelVersion",
        "responseId",
    ]
)


def _mutate_value(value: Any, draw: Callable[[st.SearchStrategy[Any]], Any]) -> Any:
    """Replace a random node of a real chunk with an arbitrary JSON value (or leave it)."""
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value)))
        return {**value, key: _mutate_value(value[key], draw)}
    if isinstance(value, list) and value and draw(st.booleans()):
        index = draw(st.integers(0, len(value) - 1))
        return [*value[:index], _mutate_value(value[index], draw), *value[index + 1 :]]
    if draw(st.booleans()):
        return draw(st.dictionaries(_KEYS, JSON_VALUES, max_size=4))
    return draw(JSON_VALUES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), damaged_index=st.integers(0, 4))
def test_the_accumulator_never_raises_and_keeps_earlier_text_for_any_later_chunk(
    data: st.DataObject, damaged_index: int
) -> None:
    chunks = samples.response_chunks()
    before = Accumulator()
    for chunk in chunks[:damaged_index]:
        before.add(chunk)
    kept = before.snapshot()

    after = Accumulator()
    for chunk in chunks[:damaged_index]:
        after.add(chunk)
    for _ in range(data.draw(st.integers(1, 4))):
        original = chunks[data.draw(st.integers(0, len(chunks) - 1))]
        after.add(_mutate_value(original, data.draw))  # must not raise, whatever the value
    snapshot = after.snapshot()
    assert snapshot.text.startswith(kept.text)
    assert snapshot.thoughts.startswith(kept.thoughts)


@pytest.mark.parametrize("name", NAMES)
def test_every_truncation_point_keeps_the_text_before_it(name: str) -> None:
    """Exhaustive, not random: a connection cut at any byte keeps all text completed before the cut."""
    body = SHAPES[name][0]
    for cut in range(0, len(body) + 1, 7):
        _check(body, body[:cut], [])
