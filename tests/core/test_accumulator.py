"""Gemini response chunks become events and a snapshot; finish notices describe how a reply ended."""

from __future__ import annotations

import re
import tracemalloc
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.gemini.accumulator import Accumulator
from app.core.gemini.events import (
    CodeReceived,
    CodeResultReceived,
    Finished,
    FunctionCallReceived,
    GroundingReceived,
    ImageReceived,
    PromptBlocked,
    Snapshot,
    Source,
    StreamEvent,
    TextDelta,
    ThoughtDelta,
    Usage,
    UsageUpdated,
)
from app.core.gemini.finish import Notice, describe_block, describe_finish, describe_interrupted
from app.core.gemini.grounding import citation_positions
from app.core.texts import render

MODEL = "gemini-2.5-flash"
RESPONSE_ID = "9n1LaPqXBJ-ejMcP0Yy2oAk"


def chunk(
    parts: list[Any] | None = None,
    *,
    finish: str | None = None,
    usage: dict[str, Any] | None = None,
    **candidate_extra: Any,
) -> dict[str, Any]:
    """One response object shaped like Gemini's stream (role, index, modelVersion, responseId on each)."""
    candidate: dict[str, Any] = {"content": {"role": "model"}, "index": 0, **candidate_extra}
    if parts is not None:
        candidate["content"]["parts"] = parts
    if finish is not None:
        candidate["finishReason"] = finish
    obj: dict[str, Any] = {"candidates": [candidate], "modelVersion": MODEL, "responseId": RESPONSE_ID}
    if usage is not None:
        obj["usageMetadata"] = usage
    return obj


@dataclass(frozen=True)
class ShownNotice:
    severity: str
    title: str
    detail: str


def shown(notice: Notice | None, language: str) -> ShownNotice | None:
    """A notice as the user reads it in ``language``."""
    if notice is None:
        return None
    return ShownNotice(notice.severity, render(notice.title, language), render(notice.detail, language))


def feed(objs: list[Any]) -> tuple[Accumulator, list[StreamEvent]]:
    acc = Accumulator()
    events: list[StreamEvent] = []
    for obj in objs:
        events.extend(acc.add(obj))
    return acc, events


def of_type(events: list[StreamEvent], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


# ---- thoughts, text and signatures ----


def test_thought_summaries_stream_as_thoughts_and_never_become_answer_text() -> None:
    acc, events = feed(
        [
            chunk(
                [{"text": "**Weighing the question**\n\nThe user wants", "thought": True}],
                usage={"promptTokenCount": 9, "totalTokenCount": 9},
            ),
            chunk([{"text": " a short greeting.", "thought": True}], usage={"promptTokenCount": 9}),
            chunk([{"text": "你好！"}], usage={"promptTokenCount": 9, "candidatesTokenCount": 3}),
            chunk(
                [{"text": "有什么可以帮你？"}],
                finish="STOP",
                usage={"promptTokenCount": 9, "candidatesTokenCount": 8, "thoughtsTokenCount": 40},
            ),
        ]
    )
    snap = acc.snapshot()
    assert [type(e) for e in events if isinstance(e, TextDelta | ThoughtDelta)] == [
        ThoughtDelta,
        ThoughtDelta,
        TextDelta,
        TextDelta,
    ]
    assert snap.text == "你好！有什么可以帮你？"
    assert snap.thoughts == "**Weighing the question**\n\nThe user wants a short greeting."
    assert snap.parts == [
        {"text": "**Weighing the question**\n\nThe user wants a short greeting.", "thought": True},
        {"text": "你好！有什么可以帮你？"},
    ]
    assert snap.model_version == MODEL
    assert snap.response_id == RESPONSE_ID


def test_text_part_carrying_a_signature_is_kept_verbatim_and_not_merged() -> None:
    acc, events = feed(
        [
            chunk([{"text": "Paris is", "thoughtSignature": "CiQB0e2Kb/sig=="}]),
            chunk([{"text": " the capital"}]),
            chunk([{"text": " of France."}], finish="STOP"),
        ]
    )
    assert acc.snapshot().parts == [
        {"text": "Paris is", "thoughtSignature": "CiQB0e2Kb/sig=="},
        {"text": " the capital of France."},
    ]
    assert acc.snapshot().text == "Paris is the capital of France."
    assert [e.text for e in of_type(events, TextDelta)] == ["Paris is", " the capital", " of France."]


def test_final_empty_text_part_keeps_its_signature_and_emits_no_empty_delta() -> None:
    # Gemini 3 often ends with an empty text part whose only job is to carry the signature.
    acc, events = feed(
        [
            chunk([{"text": "The answer is 42."}]),
            chunk(
                [{"text": "", "thoughtSignature": "EtQBCtEBAdHtim9/final"}],
                finish="STOP",
                usage={"promptTokenCount": 5, "candidatesTokenCount": 6, "totalTokenCount": 11},
            ),
        ]
    )
    snap = acc.snapshot()
    assert snap.parts == [
        {"text": "The answer is 42."},
        {"text": "", "thoughtSignature": "EtQBCtEBAdHtim9/final"},
    ]
    assert [e.text for e in of_type(events, TextDelta)] == ["The answer is 42."]
    assert events[-1] == Finished("STOP", None)
    assert snap.content()["parts"][-1]["thoughtSignature"] == "EtQBCtEBAdHtim9/final"


def test_empty_text_part_without_signature_is_dropped() -> None:
    acc, events = feed([chunk([{"text": "Done."}]), chunk([{"text": ""}], finish="STOP")])
    assert acc.snapshot().parts == [{"text": "Done."}]
    assert not any(isinstance(e, TextDelta) and e.text == "" for e in events)


def test_function_call_with_signature_yields_event_and_replays_verbatim() -> None:
    call_part = {
        "functionCall": {"name": "get_weather", "args": {"city": "北京", "unit": "c"}, "id": "call-1"},
        "thoughtSignature": "CsQCAdHtim/fc==",
    }
    acc, events = feed([chunk([call_part], finish="STOP")])
    assert of_type(events, FunctionCallReceived) == [
        FunctionCallReceived("get_weather", {"city": "北京", "unit": "c"}, "call-1")
    ]
    assert acc.snapshot().content() == {"role": "model", "parts": [call_part]}


def test_function_call_without_id_has_no_call_id_and_bad_args_become_empty() -> None:
    _, events = feed([chunk([{"functionCall": {"name": "now", "args": "oops"}}])])
    assert of_type(events, FunctionCallReceived) == [FunctionCallReceived("now", {}, None)]


def test_thought_and_answer_text_are_never_merged_together() -> None:
    acc, _ = feed(
        [
            chunk([{"text": "plan", "thought": True}]),
            chunk([{"text": "answer"}]),
            chunk([{"text": "more plan", "thought": True}]),
            chunk([{"text": " more answer"}]),
        ]
    )
    assert acc.snapshot().parts == [
        {"text": "plan", "thought": True},
        {"text": "answer"},
        {"text": "more plan", "thought": True},
        {"text": " more answer"},
    ]


def test_text_around_a_non_text_part_stays_in_separate_parts_in_arrival_order() -> None:
    image = {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}
    acc, _ = feed([chunk([{"text": "Here:"}, image, {"text": "Enjoy"}, {"text": "!"}])])
    assert acc.snapshot().parts == [{"text": "Here:"}, image, {"text": "Enjoy!"}]


# ---- usage ----


def test_usage_keeps_the_last_cumulative_value_instead_of_summing() -> None:
    acc, events = feed(
        [
            chunk([{"text": "a"}], usage={"promptTokenCount": 10, "totalTokenCount": 10}),
            chunk(
                [{"text": "b"}],
                usage={"promptTokenCount": 10, "candidatesTokenCount": 4, "totalTokenCount": 14},
            ),
            chunk(
                [{"text": "c"}],
                finish="STOP",
                usage={
                    "promptTokenCount": 10,
                    "candidatesTokenCount": 9,
                    "thoughtsTokenCount": 120,
                    "totalTokenCount": 139,
                },
            ),
        ]
    )
    assert acc.snapshot().usage == Usage(
        prompt_tokens=10, candidates_tokens=9, thoughts_tokens=120, total_tokens=139
    )
    assert len(of_type(events, UsageUpdated)) == 3


def test_unchanged_usage_emits_no_new_event() -> None:
    usage = {"promptTokenCount": 7, "totalTokenCount": 7}
    _, events = feed([chunk([{"text": "a"}], usage=usage), chunk([{"text": "b"}], usage=dict(usage))])
    assert len(of_type(events, UsageUpdated)) == 1


def test_usage_round_trips_through_usage_metadata_field_names() -> None:
    metadata = {
        "promptTokenCount": 11,
        "candidatesTokenCount": 22,
        "thoughtsTokenCount": 33,
        "cachedContentTokenCount": 4,
        "toolUsePromptTokenCount": 5,
        "totalTokenCount": 75,
    }
    usage = Usage.from_metadata(metadata)
    assert usage == Usage(11, 22, 33, 4, 5, 75)
    assert usage.to_metadata() == metadata


def test_usage_omitted_or_malformed_fields_count_as_zero_and_zeros_are_omitted() -> None:
    usage = Usage.from_metadata(
        {"promptTokenCount": 3, "candidatesTokenCount": "many", "thoughtsTokenCount": True}
    )
    assert usage == Usage(prompt_tokens=3)
    assert usage.to_metadata() == {"promptTokenCount": 3}


# ---- finish, blocks, safety ----


def test_finished_is_emitted_once_and_last_in_its_chunk() -> None:
    _, events = feed(
        [
            chunk([{"text": "x"}], finish="STOP", usage={"promptTokenCount": 1}),
            chunk([], finish="STOP", usage={"promptTokenCount": 1, "totalTokenCount": 3}),
        ]
    )
    assert of_type(events, Finished) == [Finished("STOP", None)]
    assert isinstance(events[2], Finished)  # after the text and the usage of the same chunk


def test_max_tokens_while_thinking_has_no_parts_and_reports_the_thinking_budget() -> None:
    acc, events = feed(
        [
            chunk(
                None,
                finish="MAX_TOKENS",
                usage={"promptTokenCount": 12, "thoughtsTokenCount": 255, "totalTokenCount": 267},
            )
        ]
    )
    snap = acc.snapshot()
    assert snap.parts == []
    assert snap.is_complete
    assert Finished("MAX_TOKENS", None) in events
    notice = shown(describe_finish(snap), "en")
    assert notice is not None
    assert notice.title == "Thinking used the whole output budget"
    zh = shown(describe_finish(snap), "zh")
    assert zh is not None and "思考" in zh.title


def test_max_tokens_with_answer_text_reports_a_cut_off_answer() -> None:
    acc, _ = feed([chunk([{"text": "Long story"}], finish="MAX_TOKENS", usage={"thoughtsTokenCount": 50})])
    notice = shown(describe_finish(acc.snapshot()), "en")
    assert notice is not None and notice.title == "Answer cut off"


def test_blocked_prompt_without_candidates_emits_prompt_blocked() -> None:
    ratings: list[dict[str, Any]] = [
        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True},
        {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
    ]
    acc, events = feed(
        [
            {
                "promptFeedback": {"blockReason": "SAFETY", "safetyRatings": ratings},
                "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8},
                "modelVersion": MODEL,
            }
        ]
    )
    assert of_type(events, PromptBlocked) == [PromptBlocked("SAFETY", None, tuple(ratings))]
    snap = acc.snapshot()
    assert snap.block_reason == "SAFETY"
    assert snap.is_complete
    assert snap.parts == []
    notice = shown(describe_finish(snap), "en")
    assert notice is not None and notice.severity == "error"
    assert "dangerous content" in notice.detail
    assert "harassment" not in notice.detail


def test_safety_finish_names_the_flagged_categories() -> None:
    ratings = [
        {"category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE"},
        {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "HIGH"},
        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "MEDIUM", "blocked": True},
    ]
    acc, events = feed(
        [chunk([{"text": "Here is how"}]), chunk(None, finish="SAFETY", safetyRatings=ratings)]
    )
    snap = acc.snapshot()
    assert Finished("SAFETY", None) in events
    assert snap.safety_ratings == tuple(ratings)
    assert snap.text == "Here is how"
    en = shown(describe_finish(snap), "en")
    zh = shown(describe_finish(snap), "zh")
    assert en is not None and zh is not None
    assert "hate speech, dangerous content" in en.detail
    assert "sexually" not in en.detail
    assert "仇恨言论、危险内容" in zh.detail


def test_finish_message_is_kept_and_shown_in_the_notice() -> None:
    acc, events = feed(
        [chunk(None, finish="MALFORMED_FUNCTION_CALL", finishMessage="Malformed function call: x")]
    )
    assert Finished("MALFORMED_FUNCTION_CALL", "Malformed function call: x") in events
    notice = shown(describe_finish(acc.snapshot()), "en")
    assert notice is not None and "Malformed function call: x" in notice.detail


def test_stream_without_finish_reason_is_reported_as_interrupted() -> None:
    acc, _ = feed([chunk([{"text": "half an ans"}])])
    snap = acc.snapshot()
    assert not snap.is_complete
    assert shown(describe_finish(snap), "en") == shown(describe_interrupted(), "en")
    english, chinese = shown(describe_interrupted(), "en"), shown(describe_interrupted(), "zh_CN")
    assert english is not None and english.title == "Reply interrupted"
    assert chinese is not None and chinese.title == "回复被中断"


def test_normal_stop_needs_no_notice_but_an_empty_answer_gets_one() -> None:
    acc, _ = feed([chunk([{"text": "Fine."}], finish="STOP")])
    assert shown(describe_finish(acc.snapshot()), "en") is None
    empty, _ = feed([chunk([{"text": "", "thoughtSignature": "s"}], finish="STOP")])
    notice = shown(describe_finish(empty.snapshot()), "en")
    assert notice is not None and notice.severity == "info"


# ---- tools, media, grounding ----


def test_code_execution_parts_yield_code_and_result_events() -> None:
    code = {"executableCode": {"language": "PYTHON", "code": "print(sum(range(101)))"}}
    result = {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "5050\n"}}
    acc, events = feed(
        [
            chunk([{"text": "Let me compute."}]),
            chunk([code]),
            chunk([result]),
            chunk([{"text": "It is 5050."}]),
        ]
    )
    assert of_type(events, CodeReceived) == [CodeReceived("PYTHON", "print(sum(range(101)))")]
    assert of_type(events, CodeResultReceived) == [CodeResultReceived("OUTCOME_OK", "5050\n")]
    assert acc.snapshot().parts == [{"text": "Let me compute."}, code, result, {"text": "It is 5050."}]


def test_inline_image_is_recognisable_and_its_data_is_never_copied() -> None:
    payload = "iVBORw0KGgoAAAANSUhEUg" * 50_000  # about a megabyte of base64
    acc, events = feed([chunk([{"inlineData": {"mimeType": "image/png", "data": payload}}], finish="STOP")])
    (image,) = of_type(events, ImageReceived)
    assert image.is_image and not image.thought
    assert image.mime_type == "image/png"
    assert image.data_base64 is payload
    assert acc.snapshot().parts[0]["inlineData"]["data"] is payload


def test_grounding_with_cjk_text_is_parsed_into_sources_and_byte_offset_supports() -> None:
    first, second = "今天北京天气晴朗。", "明天有雨。"
    grounding = {
        "webSearchQueries": ["北京天气"],
        "searchEntryPoint": {"renderedContent": "<div>北京天气</div>"},
        "groundingChunks": [
            {"web": {"uri": "https://example.com/a", "title": "weather.example"}},
            {"web": {"uri": "https://example.com/b", "title": "news.example"}},
        ],
        "groundingSupports": [
            {"segment": {"endIndex": len(first.encode()), "text": first}, "groundingChunkIndices": [0]},
            {
                "segment": {
                    "startIndex": len(first.encode()),
                    "endIndex": len((first + second).encode()),
                    "text": second,
                },
                "groundingChunkIndices": [0, 1],
            },
        ],
    }
    acc, events = feed(
        [chunk([{"text": first}]), chunk([{"text": second}], finish="STOP", groundingMetadata=grounding)]
    )
    (received,) = of_type(events, GroundingReceived)
    info = received.metadata
    assert info.web_search_queries == ("北京天气",)
    assert info.search_entry_point_html == "<div>北京天气</div>"
    assert info.sources == (
        Source("https://example.com/a", "weather.example"),
        Source("https://example.com/b", "news.example"),
    )
    assert [(s.start_byte, s.end_byte, s.chunk_indices) for s in info.supports] == [
        (0, 27, (0,)),
        (27, 42, (0, 1)),
    ]
    assert acc.snapshot().grounding == info
    assert info.raw["groundingChunks"] == grounding["groundingChunks"]


def test_grounding_split_over_chunks_is_merged_with_support_indices_renumbered() -> None:
    web_a = {"web": {"uri": "https://a.example", "title": "A"}}
    web_b = {"web": {"uri": "https://b.example", "title": "B"}}
    first = {
        "webSearchQueries": ["q1"],
        "groundingChunks": [web_a],
        "groundingSupports": [{"segment": {"endIndex": 3, "text": "abc"}, "groundingChunkIndices": [0]}],
    }
    # The second object lists only its own chunk, so its index 0 means web_b.
    second = {
        "webSearchQueries": ["q2"],
        "groundingChunks": [web_b],
        "groundingSupports": [
            {"segment": {"startIndex": 3, "endIndex": 6, "text": "def"}, "groundingChunkIndices": [0]}
        ],
    }
    acc, events = feed(
        [
            chunk([{"text": "abc"}], groundingMetadata=first),
            chunk([{"text": "def"}], groundingMetadata=second),
        ]
    )
    info = acc.snapshot().grounding
    assert info is not None
    assert info.web_search_queries == ("q1", "q2")
    assert [s.title for s in info.sources] == ["A", "B"]
    assert [s.chunk_indices for s in info.supports] == [(0,), (1,)]
    assert len(of_type(events, GroundingReceived)) == 2


def test_repeated_cumulative_grounding_is_not_duplicated() -> None:
    grounding = {
        "groundingChunks": [{"web": {"uri": "https://a.example", "title": "A"}}],
        "groundingSupports": [{"segment": {"endIndex": 1, "text": "x"}, "groundingChunkIndices": [0]}],
    }
    acc, events = feed(
        [chunk([{"text": "x"}], groundingMetadata=grounding), chunk([], groundingMetadata=grounding)]
    )
    info = acc.snapshot().grounding
    assert info is not None and len(info.sources) == 1 and len(info.supports) == 1
    assert len(of_type(events, GroundingReceived)) == 1


# ---- robustness and raw fidelity ----


def test_unknown_fields_and_unknown_part_kinds_are_kept_raw() -> None:
    unknown_part = {"videoMetadata": {"startOffset": "1s"}, "futureFlag": 3}
    annotated_text = {"text": "tagged", "partMetadata": {"k": "v"}}
    obj = chunk([{"text": "a"}, unknown_part, annotated_text, {"text": "b"}], avgLogprobs=-0.25)
    obj["sdkHttpResponse"] = {"headers": {}}
    acc, events = feed([obj])
    assert acc.snapshot().parts == [{"text": "a"}, unknown_part, annotated_text, {"text": "b"}]
    assert [e.text for e in of_type(events, TextDelta)] == ["a", "tagged", "b"]


def test_only_candidate_index_zero_counts_and_a_missing_index_means_zero() -> None:
    obj = {
        "candidates": [
            {"index": 1, "content": {"parts": [{"text": "second candidate"}]}},
            {"content": {"parts": [{"text": "first candidate"}]}},
        ]
    }
    acc, _ = feed([obj])
    assert acc.snapshot().text == "first candidate"


def test_malformed_pieces_are_skipped_without_losing_good_ones() -> None:
    acc, events = feed(
        [
            "not an object",
            {"candidates": "nope"},
            {"candidates": [{"content": {"parts": "nope"}}]},
            {
                "candidates": [
                    {"content": {"parts": [7, None, {"text": 5}, {"inlineData": "x"}, {"text": "ok"}]}}
                ]
            },
            {"usageMetadata": [1, 2]},
            {"promptFeedback": {"blockReason": 3}},
            {"candidates": [{"finishReason": None, "safetyRatings": [1, {"category": "C"}]}]},
        ]
    )
    snap = acc.snapshot()
    assert snap.parts == [{"text": "ok"}]
    assert snap.safety_ratings == ({"category": "C"},)
    assert not snap.is_complete
    assert events == [TextDelta("ok")]


def test_a_snapshot_taken_earlier_does_not_change_when_more_text_arrives() -> None:
    acc = Accumulator()
    acc.add(chunk([{"text": "Hello"}]))
    before = acc.snapshot()
    acc.add(chunk([{"text": ", world"}]))
    assert before.text == "Hello"
    assert acc.snapshot().text == "Hello, world"


def test_a_long_answer_is_held_once_after_a_snapshot_not_as_pieces_and_joined_text() -> None:
    acc = Accumulator()
    tracemalloc.start()
    try:
        for number in range(100):  # each piece a string of its own, as decoded from the stream
            acc.add(chunk([{"text": f"{number:05d}" + "A" * 99_995}]))
            if number % 10 == 9:
                acc.snapshot()  # as a checkpoint or the screen does while the answer grows
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert acc.snapshot().text == "".join(f"{number:05d}" + "A" * 99_995 for number in range(100))
    # The 10 MB answer once, plus small change; its pieces kept beside the joined text would be 20 MB.
    assert held < 13_000_000, f"the accumulator holds {held / 1e6:.1f} MB for a 10 MB answer"


def test_content_drops_unsigned_thoughts_and_returns_copies() -> None:
    acc, _ = feed(
        [
            chunk([{"text": "thinking", "thought": True}]),
            chunk([{"text": "signed thought", "thought": True, "thoughtSignature": "sig"}]),
            chunk([{"text": "answer"}]),
        ]
    )
    snap = acc.snapshot()
    content = snap.content()
    assert content["parts"] == [
        {"text": "signed thought", "thought": True, "thoughtSignature": "sig"},
        {"text": "answer"},
    ]
    content["parts"][1]["text"] = "edited"
    assert snap.text == "answer"
    assert len(snap.content(include_thoughts=True)["parts"]) == 3


def test_an_empty_snapshot_is_not_complete() -> None:
    snap = Snapshot()
    assert (snap.text, snap.thoughts, snap.is_complete) == ("", "", False)


# A JSON value strategy, and chunk-shaped objects built from it so the fuzz reaches deep paths.
# Dictionary keys are mostly Gemini's own field names, so nested values reach the code that reads them.
wire_names = st.sampled_from(
    [
        "text",
        "thought",
        "thoughtSignature",
        "inlineData",
        "mimeType",
        "data",
        "functionCall",
        "name",
        "args",
        "id",
        "executableCode",
        "language",
        "code",
        "codeExecutionResult",
        "outcome",
        "output",
        "segment",
        "startIndex",
        "endIndex",
        "groundingChunkIndices",
        "web",
        "uri",
        "title",
        "renderedContent",
        "blockReason",
        "blockReasonMessage",
        "category",
        "probability",
        "blocked",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(wire_names | st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=12,
)
known_keys = st.sampled_from(
    [
        "text",
        "thought",
        "thoughtSignature",
        "inlineData",
        "functionCall",
        "executableCode",
        "codeExecutionResult",
    ]
)
fuzz_parts = st.lists(json_values | st.dictionaries(known_keys, json_values, max_size=3), max_size=4)
fuzz_candidate = st.fixed_dictionaries(
    {},
    optional={
        "index": json_values,
        "content": st.fixed_dictionaries({}, optional={"parts": fuzz_parts | json_values}),
        "finishReason": json_values,
        "finishMessage": json_values,
        "safetyRatings": json_values,
        "groundingMetadata": st.fixed_dictionaries(
            {},
            optional={
                "groundingChunks": st.lists(st.dictionaries(st.sampled_from(["web", "x"]), json_values))
                | json_values,
                "groundingSupports": st.lists(
                    st.dictionaries(st.sampled_from(["segment", "groundingChunkIndices"]), json_values)
                )
                | json_values,
                "webSearchQueries": json_values,
                "searchEntryPoint": json_values,
            },
        ),
        "citationMetadata": json_values,
        "urlContextMetadata": json_values,
    },
)
fuzz_objects = st.fixed_dictionaries(
    {},
    optional={
        "candidates": st.lists(fuzz_candidate, max_size=2) | json_values,
        "usageMetadata": st.dictionaries(
            st.sampled_from(["promptTokenCount", "totalTokenCount"]), json_values
        )
        | json_values,
        "promptFeedback": st.dictionaries(st.sampled_from(["blockReason", "safetyRatings"]), json_values)
        | json_values,
        "modelVersion": json_values,
        "responseId": json_values,
    },
)


# Drawing the nested JSON costs most of its 10 s of CPU; on a loaded machine that outran the usual 120 s.
@pytest.mark.timeout(600)
@settings(max_examples=150, deadline=None)
@given(st.lists(fuzz_objects | json_values | st.dictionaries(st.text(max_size=6), json_values), max_size=8))
def test_arbitrary_json_never_raises_and_accumulated_text_is_never_lost(objs: list[Any]) -> None:
    acc = Accumulator()
    acc.add(chunk([{"text": "start "}]))
    text = acc.snapshot().text
    for index, obj in enumerate(objs):
        acc.add(obj)
        acc.add(chunk([{"text": f"<{index}>"}]))
        snap = acc.snapshot()
        assert snap.text.startswith(text)
        assert f"<{index}>" in snap.text
        text = snap.text
        shown(describe_finish(snap), "en")
        snap.content()
        if snap.grounding is not None:
            citation_positions([snap.text], snap.grounding)


# ---- finish notices in both languages ----

FINISH_REASONS = [
    "MAX_TOKENS",
    "SAFETY",
    "RECITATION",
    "LANGUAGE",
    "OTHER",
    "BLOCKLIST",
    "PROHIBITED_CONTENT",
    "SPII",
    "MALFORMED_FUNCTION_CALL",
    "IMAGE_SAFETY",
    "IMAGE_PROHIBITED_CONTENT",
    "IMAGE_OTHER",
    "NO_IMAGE",
    "IMAGE_RECITATION",
    "UNEXPECTED_TOOL_CALL",
    "TOO_MANY_TOOL_CALLS",
]
BLOCK_REASONS = ["SAFETY", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "IMAGE_SAFETY"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_bilingual(en: Any, zh: Any) -> None:
    assert en is not None and zh is not None
    assert en.title and en.detail and zh.title and zh.detail
    assert not CJK.search(en.title + en.detail)
    assert CJK.search(zh.title) and CJK.search(zh.detail)
    assert en.severity == zh.severity


@pytest.mark.parametrize("reason", FINISH_REASONS)
def test_every_finish_reason_has_english_and_chinese_text(reason: str) -> None:
    snap = Snapshot(parts=[{"text": "partial"}], finish_reason=reason)
    en, zh = shown(describe_finish(snap), "en"), shown(describe_finish(snap), "zh")
    assert_bilingual(en, zh)
    assert en is not None and reason not in en.title  # a known reason reads as words, not a code


@pytest.mark.parametrize("reason", BLOCK_REASONS)
def test_every_block_reason_has_english_and_chinese_text(reason: str) -> None:
    assert_bilingual(shown(describe_block(reason, ()), "en"), shown(describe_block(reason, ()), "zh"))


def test_unknown_reasons_name_the_code() -> None:
    en = shown(describe_finish(Snapshot(finish_reason="NEW_THING")), "en")
    assert en is not None and en.title == "Stopped (reason NEW_THING)"
    blocked = shown(describe_block("FUTURE_BLOCK", ()), "zh")
    assert blocked is not None and "FUTURE_BLOCK" in blocked.title
