"""Calls to functions a request never offered: each name once, readably, only when nothing was offered."""

from __future__ import annotations

from typing import Any

from app.core.texts import Text, render
from app.core.tools.calls import unoffered_call_notices


def _call(name: str) -> dict[str, Any]:
    return {"functionCall": {"name": name, "args": {}}}


def test_each_called_name_gets_one_notice_when_the_request_offered_no_function() -> None:
    parts: list[dict[str, Any]] = [{"text": "Sure."}, _call("rm_rf"), _call("rm_rf"), _call("send_mail")]
    notices = unoffered_call_notices(parts, {"contents": []})
    assert notices == [
        Text("tools.not_offered", function="rm_rf"),
        Text("tools.not_offered", function="send_mail"),
    ]
    assert (
        render(notices[0], "en")
        == "The model asked to run rm_rf, which is not offered here; nothing was run."
    )
    # Native tools alone offer no function either.
    assert unoffered_call_notices(parts, {"tools": [{"googleSearch": {}}]}) == notices


def test_a_request_that_offered_functions_leaves_unknown_names_to_the_tool_loop() -> None:
    body = {"tools": [{"functionDeclarations": [{"name": "add"}]}]}
    assert unoffered_call_notices([_call("rm_rf")], body) == []
    assert unoffered_call_notices([{"text": "no call"}], {}) == []


def test_a_name_that_could_mislead_is_shown_with_its_invisible_characters_and_cut() -> None:
    [notice] = unoffered_call_notices([_call("safe\u202eperl" + "x" * 200)], {})
    name = str(notice.params["function"])
    assert "\u202e" not in name and "[U+202E]" in name
    assert len(name) == 80 and name.endswith("…")
