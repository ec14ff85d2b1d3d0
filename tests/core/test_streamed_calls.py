"""Function calls streamed in pieces (Vertex's ``partialArgs``) are assembled into whole calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.gemini.accumulator import Accumulator
from app.core.gemini.decoder import StreamDecoder
from app.core.gemini.events import FunctionCallReceived
from app.core.gemini.streamed_calls import parse_json_path

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
