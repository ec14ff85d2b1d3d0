"""Function calls streamed in pieces (Vertex's ``partialArgs``) are assembled into whole calls."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from app.core.gemini.accumulator import Accumulator
from app.core.gemini.decoder import StreamDecoder
from app.core.gemini.errors import MalformedStreamError
from app.core.gemini.events import FunctionCallReceived
from app.core.gemini.streamed_calls import MAX_CALL_CHARS, MAX_CALL_NODES, parse_json_path
from app.core.json_depth import MAX_SHOWN_DEPTH

ROOT = Path(__file__).resolve().parents[2]
# Recorded real streams live beside the repository (never copied in); skipped when absent.
CAPTURES = next(
    (p / "shared" / "captures" for p in ROOT.parents if (p / "shared" / "captures").is_dir()),
    ROOT.parent / "shared" / "captures",
)


def _feed(objects: list[dict[str, Any]]) -> tuple[Accumulator, list[FunctionCallReceived]]:
    accumulator = Accumulator()
    calls = []
    for obj in objects:
        calls += [e for e in accumulator.add(obj) if isinstance(e, FunctionCallReceived)]
    return accumulator, calls


def _parts(*parts: dict[str, Any], finish: bool = False) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": list(parts)}}
    if finish:
        candidate["finishReason"] = "STOP"
    return {"candidates": [candidate]}


def test_the_recorded_vertex_stream_decodes_into_two_whole_calls_with_the_signature() -> None:
    path = CAPTURES / "vercel_vertex_partial_args_gateway_lf.sse"
    if not path.exists():
        pytest.skip("the recorded streams are not here")
    decoder = StreamDecoder("text/event-stream")
    objects = decoder.feed(path.read_bytes()) + decoder.close()
    accumulator, calls = _feed(objects)
    assert [(c.name, c.args) for c in calls] == [
        ("getWeather", {"location": "Boston"}),
        ("getWeather", {"location": "San Francisco"}),
    ]
    first, second = accumulator.snapshot().parts
    signature = objects[0]["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
    assert first == {
        "functionCall": {"name": "getWeather", "args": {"location": "Boston"}},
        "thoughtSignature": signature,
    }
    assert second == {"functionCall": {"name": "getWeather", "args": {"location": "San Francisco"}}}


def test_pieces_build_nested_objects_lists_numbers_and_strings_split_across_pieces() -> None:
    def piece(*args: dict[str, Any], more: bool = True) -> dict[str, Any]:
        call: dict[str, Any] = {"partialArgs": list(args)}
        if more:
            call["willContinue"] = True
        return _parts({"functionCall": call})

    accumulator, calls = _feed(
        [
            _parts({"functionCall": {"name": "book", "id": "c1", "willContinue": True}}),
            piece({"jsonPath": "$.trip.city", "stringValue": "San ", "willContinue": True}),
            piece({"jsonPath": "$.trip.city", "stringValue": "Fran", "willContinue": True}),
            piece({"jsonPath": "$.trip.city", "stringValue": "cisco"}),
            piece(
                {"jsonPath": "$.guests[1]", "stringValue": "Bo"},
                {"jsonPath": "$.guests[0]", "stringValue": "Al"},
            ),
            piece(
                {"jsonPath": "$.nights", "numberValue": 3},
                {"jsonPath": "$['late checkout']", "boolValue": True},
            ),
            piece({"jsonPath": "$.note", "nullValue": None}, more=False),
        ]
    )
    args = {
        "trip": {"city": "San Francisco"},
        "guests": ["Al", "Bo"],
        "nights": 3,
        "late checkout": True,
        "note": None,
    }
    assert [(c.name, c.args, c.call_id) for c in calls] == [("book", args, "c1")]
    assert accumulator.snapshot().parts == [{"functionCall": {"name": "book", "args": args, "id": "c1"}}]


def test_a_snapshot_taken_mid_call_shows_the_call_so_far_and_never_changes_afterwards() -> None:
    accumulator, _ = _feed(
        [
            _parts({"text": "Let me check."}),
            _parts({"functionCall": {"name": "f", "willContinue": True}}),
            _parts(
                {
                    "functionCall": {
                        "partialArgs": [{"jsonPath": "$.q", "stringValue": "ab"}],
                        "willContinue": True,
                    }
                }
            ),
        ]
    )
    early = accumulator.snapshot()
    assert early.parts[-1] == {"functionCall": {"name": "f", "args": {"q": "ab"}}}
    accumulator.add(_parts({"functionCall": {"partialArgs": [{"jsonPath": "$.q", "stringValue": "cd"}]}}))
    assert early.parts[-1] == {"functionCall": {"name": "f", "args": {"q": "ab"}}}
    assert accumulator.snapshot().parts == [
        {"text": "Let me check."},
        {"functionCall": {"name": "f", "args": {"q": "cd"}}},
    ]


def test_a_call_left_open_when_the_reply_finishes_is_closed_with_what_arrived() -> None:
    _, calls = _feed(
        [
            _parts({"functionCall": {"name": "f", "willContinue": True}}),
            _parts(
                {
                    "functionCall": {
                        "partialArgs": [{"jsonPath": "$.x", "numberValue": 1}],
                        "willContinue": True,
                    }
                },
                finish=True,
            ),
        ]
    )
    assert [(c.name, c.args) for c in calls] == [("f", {"x": 1})]


def test_whole_calls_and_stray_pieces_are_left_as_they_were() -> None:
    accumulator, calls = _feed(
        [
            _parts({"functionCall": {"partialArgs": [{"jsonPath": "$.x", "numberValue": 1}]}}),
            _parts({"functionCall": {"name": "g", "args": {"y": 2}, "id": "c2"}, "thoughtSignature": "sig"}),
        ]
    )
    assert [(c.name, c.args) for c in calls] == [("g", {"y": 2})]
    assert accumulator.snapshot().parts == [
        {"functionCall": {"name": "g", "args": {"y": 2}, "id": "c2"}, "thoughtSignature": "sig"}
    ]


def _piece(path: str, value: str, *, more: bool = False) -> dict[str, Any]:
    argument: dict[str, Any] = {"jsonPath": path, "stringValue": value}
    if more:
        argument["willContinue"] = True
    return _parts({"functionCall": {"partialArgs": [argument], "willContinue": True}})


def _started(name: str = "f") -> Accumulator:
    accumulator = Accumulator()
    accumulator.add(_parts({"functionCall": {"name": name, "willContinue": True}}))
    return accumulator


def test_a_list_index_far_past_the_end_is_ignored_so_a_few_bytes_cannot_build_a_huge_call() -> None:
    accumulator = _started()
    accumulator.add(_piece("$.a" + "[10000]" * 100, "x"))
    accumulator.add(_piece("$.b[10000]", "y"))
    accumulator.add(_piece("$.c[0]", "first"))
    accumulator.add(_piece("$.c[3]", "a small gap"))
    calls = [e for e in accumulator.add(_parts({"functionCall": {}})) if isinstance(e, FunctionCallReceived)]
    assert [c.args for c in calls] == [{"c": ["first", None, None, "a small gap"]}]


def test_a_path_deeper_than_can_be_shown_ends_the_reply_with_a_clear_error() -> None:
    accumulator = _started()
    accumulator.add(_piece("$.ok", "kept"))
    with pytest.raises(MalformedStreamError, match=f"deeper than {MAX_SHOWN_DEPTH} levels"):
        accumulator.add(_piece("$" + ".a" * 3000, "x"))
    # What arrived before the bad piece is still there for the partial reply.
    assert accumulator.snapshot().parts == [{"functionCall": {"name": "f", "args": {"ok": "kept"}}}]


def test_a_call_growing_past_its_caps_ends_the_reply_with_a_clear_error() -> None:
    accumulator = _started()
    with pytest.raises(MalformedStreamError, match="grew past"):
        for index in range(MAX_CALL_NODES + 1):
            accumulator.add(_piece(f"$.k{index}", ""))
    accumulator = _started()
    chunk = "x" * 1_000_000
    with pytest.raises(MalformedStreamError, match="grew past"):
        for _ in range(MAX_CALL_CHARS // len(chunk) + 1):
            accumulator.add(_piece("$.s", chunk, more=True))


def _assemble(pieces: int, chunk: str) -> tuple[str, float]:
    """A string streamed in ``pieces`` pieces: what the call holds, and the CPU time it took."""
    started = time.process_time()
    accumulator = _started()
    for _ in range(pieces):
        accumulator.add(_piece("$.text", chunk, more=True))
    accumulator.add(_piece("$.text", "!"))
    calls = [e for e in accumulator.add(_parts({"functionCall": {}})) if isinstance(e, FunctionCallReceived)]
    return calls[0].args["text"], time.process_time() - started


def test_a_string_streamed_in_many_pieces_is_joined_once_not_copied_per_piece() -> None:
    chunk = "0123456789" * 10
    text, _ = _assemble(20_000, chunk)
    assert text == chunk * 20_000 + "!"
    # Eight times the pieces should cost about eight times the time; copying the string at every piece makes
    # it about sixty-four. The best of three runs each, against a baseline from this same run.
    small = min(_assemble(5_000, chunk)[1] for _ in range(3))
    large = min(_assemble(40_000, chunk)[1] for _ in range(3))
    assert large < 20 * max(small, 1e-3), (small, large)


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("$.a", ["a"]),
        ("$.a.b[2]", ["a", "b", 2]),
        ("$['a b'].c", ["a b", "c"]),
        ('$["x\\"y"]', ['x"y']),
        ("a.b", None),
        ("$.a[", None),
        ("$..a", None),
    ],
)
def test_json_paths(path: str, steps: list[str | int] | None) -> None:
    assert parse_json_path(path) == steps
