"""MCP tools as Gemini function declarations: valid names, the two schema fields, bad schemas, the caps."""

from __future__ import annotations

import json
import re

import pytest

from app.core.texts import render
from app.core.tools.declarations import (
    MAX_DECLARATION_BYTES,
    MAX_FUNCTIONS,
    MAX_TOTAL_BYTES,
    McpTool,
    SchemaField,
    declare_tools,
    function_name,
    left_out_notices,
    schema_field_for_model,
    to_openapi_schema,
)

_VALID = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$")


def test_names_are_made_valid_and_kept_within_64_characters() -> None:
    assert function_name("get_time") == "get_time"
    assert function_name("read file/with spaces") == "read_file_with_spaces"
    assert function_name("9lives") == "_9lives"
    long_a, long_b = function_name("x" * 100 + "a"), function_name("x" * 100 + "b")
    assert len(long_a) == 64 and _VALID.match(long_a) and long_a != long_b


def test_a_name_two_servers_offer_is_prefixed_with_each_servers_name() -> None:
    tools = [McpTool("git", "status"), McpTool("svn", "status"), McpTool("git", "log")]
    declared = declare_tools(tools, "json_schema")
    names = [f["name"] for f in declared.functions]
    assert names == ["git__status", "svn__status", "log"]
    assert declared.route("svn__status") is not None and declared.route("svn__status").tool.server == "svn"  # type: ignore[union-attr]
    assert all(_VALID.match(n) for n in names)


def test_the_field_follows_the_model_unless_a_setting_chooses() -> None:
    assert schema_field_for_model("gemini-3-pro-preview") == "json_schema"
    assert schema_field_for_model("models/gemini-2.5-flash") == "json_schema"
    assert schema_field_for_model("gemini-2.0-flash") == "openapi"
    assert schema_field_for_model("gpt-4o") == "openapi"
    assert schema_field_for_model("gemini-3-pro", "openapi") == "openapi"


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "$defs": {"unit": {"type": "string", "enum": ["c", "f"]}},
    "properties": {
        "city": {"type": "string", "minLength": 1},
        "unit": {"$ref": "#/$defs/unit"},
        "days": {"type": ["integer", "null"], "exclusiveMinimum": 0},
        "mode": {"const": "fast"},
        "when": {"oneOf": [{"type": "string"}, {"type": "number"}]},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    },
    "required": ["city", "ghost"],
}


def test_json_schema_goes_through_whole_and_openapi_is_converted() -> None:
    tool = McpTool("s", "weather", "Weather.", SCHEMA)
    [full] = declare_tools([tool], "json_schema").functions
    assert (
        full["parametersJsonSchema"]["$defs"] == SCHEMA["$defs"]
        and "$schema" not in full["parametersJsonSchema"]
    )
    [subset] = declare_tools([tool], "openapi").functions
    params = subset["parameters"]
    assert "parametersJsonSchema" not in subset
    assert params["type"] == "OBJECT" and "additionalProperties" not in params
    props = params["properties"]
    assert props["unit"] == {"type": "STRING", "enum": ["c", "f"]}
    assert props["days"] == {"type": "INTEGER", "nullable": True}
    assert props["mode"]["enum"] == ["fast"]
    assert props["when"]["anyOf"] == [{"type": "STRING"}, {"type": "NUMBER"}]
    assert props["tags"] == {"type": "ARRAY", "items": {"type": "STRING"}}
    assert params["required"] == ["city"]


@pytest.mark.parametrize("schema", [{"type": "string"}, ["not", "an", "object"], {"type": "array"}])
def test_a_tool_with_a_malformed_schema_is_skipped_and_named(schema: object) -> None:
    tools = [McpTool("s", "bad", "", schema), McpTool("s", "good", "", {"type": "object"})]  # type: ignore[arg-type]
    declared = declare_tools(tools, "openapi")
    assert [f["name"] for f in declared.functions] == ["good"]
    assert declared.skipped == ("s/bad",)


def test_a_tool_without_arguments_declares_no_parameters() -> None:
    [declaration] = declare_tools(
        [McpTool("s", "now", "", {"type": "object", "properties": {}})], "openapi"
    ).functions
    assert declaration == {"name": "now"}


def test_self_referencing_schemas_stop_at_a_depth() -> None:
    schema = {"type": "object", "properties": {"node": {"$ref": "#"}}}
    converted = to_openapi_schema(schema)
    depth = 0
    while "properties" in converted:
        converted = converted["properties"]["node"]
        depth += 1
    assert 5 < depth < 20


def _sent(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def test_at_most_128_tools_are_declared_and_the_rest_are_left_out_in_order() -> None:
    tools = [McpTool("big", f"t{i}", "A tool.", {"type": "object"}) for i in range(3000)]
    declared = declare_tools(tools, "json_schema")
    assert len(declared.functions) == MAX_FUNCTIONS == 128
    assert [f["name"] for f in declared.functions] == [f"t{i}" for i in range(128)]
    assert [item.key for item in declared.left_out] == [f"big/t{i}" for i in range(128, 3000)]
    assert {item.reason for item in declared.left_out} == {"too_many"}


@pytest.mark.parametrize("schema_field", ["json_schema", "openapi"])
def test_a_declaration_over_64_kb_is_left_out_and_the_others_stay(schema_field: SchemaField) -> None:
    huge = {"type": "object", "properties": {"q": {"type": "string", "description": "y" * 70_000}}}
    wordy = McpTool("s", "wordy", "z" * 70_000)  # a description counts too
    tools = [McpTool("s", "small", "", SCHEMA), McpTool("s", "huge", "", huge), wordy, McpTool("s", "b")]
    declared = declare_tools(tools, schema_field)
    assert [f["name"] for f in declared.functions] == ["small", "b"]
    assert [(i.key, i.reason) for i in declared.left_out] == [
        ("s/huge", "too_large"),
        ("s/wordy", "too_large"),
    ]
    assert all(_sent(f) <= MAX_DECLARATION_BYTES for f in declared.functions)


def test_declarations_stop_at_512_kb_in_all_and_a_later_small_one_still_fits() -> None:
    each = {"type": "object", "properties": {"q": {"type": "string", "description": "y" * 60_000}}}
    tools = [McpTool("s", f"big{i}", "", each) for i in range(10)] + [McpTool("s", "tiny")]
    declared = declare_tools(tools, "json_schema")
    assert _sent(declared.functions) <= MAX_TOTAL_BYTES
    kept = [f["name"] for f in declared.functions]
    assert kept == [f"big{i}" for i in range(8)] + ["tiny"]
    assert [(i.key, i.reason) for i in declared.left_out] == [
        ("s/big8", "total_size"),
        ("s/big9", "total_size"),
    ]


def test_a_schema_whose_refs_multiply_is_left_out_without_being_expanded() -> None:
    # 40 properties each referring to the definition itself: inlined to depth 12 that is 40**6 nodes.
    bomb = {
        "type": "object",
        "$defs": {"n": {"type": "object", "properties": {f"p{i}": {"$ref": "#/$defs/n"} for i in range(40)}}},
        "properties": {"root": {"$ref": "#/$defs/n"}},
    }
    declared = declare_tools([McpTool("s", "bomb", "", bomb), McpTool("s", "ok")], "openapi")
    assert [f["name"] for f in declared.functions] == ["ok"]
    assert [(i.key, i.reason) for i in declared.left_out] == [("s/bomb", "too_large")]


def test_names_are_made_unique_among_the_tools_declared_only() -> None:
    # The clashing tool is past the cap: the one declared keeps its plain name.
    tools = [McpTool("a", f"t{i}") for i in range(127)] + [McpTool("a", "x"), McpTool("b", "x")]
    declared = declare_tools(tools, "json_schema")
    assert declared.functions[-1]["name"] == "x"
    assert [item.key for item in declared.left_out] == ["b/x"]


def test_the_user_is_told_what_was_left_out_why_and_how_many_in_a_short_notice() -> None:
    tools = [McpTool("s", f"t{i:04d}") for i in range(1000)] + [McpTool("s", "bad", "", {"type": "string"})]
    notices = left_out_notices(declare_tools(tools, "json_schema"))
    assert [n.code for n in notices] == ["tools.schema_skipped", "tools.left_out.too_many"]
    said = render(notices[1], "en")
    assert said.startswith("Tools left out because a request offers at most 128 (872): s/t0128, s/t0129, ")
    assert said.endswith("s/t0147, …") and len(said) < 500
    assert "128" in render(notices[1], "zh_CN") and "872" in render(notices[1], "zh_CN")
