"""What goes back to the model from a tool: capped text, and images within one budget per result."""

from __future__ import annotations

from app.core.tools.results import CallOutcome, ToolResult, function_response_part

CALL = {"name": "shot", "id": "c1", "args": {}}


def _images(count: int, size: int) -> ToolResult:
    block = {"type": "image", "mimeType": "image/png", "data": "A" * size}
    return ToolResult(content=[{"type": "text", "text": "ok"}, *([block] * count)])


def test_a_long_result_is_cut_to_the_limit_with_a_note() -> None:
    result = ToolResult(content=[{"type": "text", "text": "x" * 5_000}])
    part = function_response_part(CALL, CallOutcome("ok", result), model="gemini-3-pro", limit=1_000)
    response = part["functionResponse"]
    assert response["id"] == "c1" and len(response["response"]["output"]) == 1_000
    assert "cut to 1000 of 5000" in response["response"]["note"]


def test_many_small_images_share_one_budget() -> None:
    # Each image is small; together they are far over the budget (limit × 8 characters of image data).
    part = function_response_part(
        CALL, CallOutcome("ok", _images(100, 2_000)), model="gemini-3-pro", limit=1_000
    )
    response = part["functionResponse"]
    assert len(response["parts"]) == 4
    assert "exceed the result limit" in response["response"]["note"]


def test_a_model_without_multimodal_responses_gets_a_note_instead_of_images() -> None:
    part = function_response_part(CALL, CallOutcome("ok", _images(1, 10)), model="gemini-2.5-flash")
    assert "parts" not in part["functionResponse"]
    assert "does not accept images" in part["functionResponse"]["response"]["note"]
