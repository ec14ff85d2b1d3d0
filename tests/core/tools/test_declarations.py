"""MCP tools as Gemini function declarations: valid names, the two schema fields, malformed schemas."""

from __future__ import annotations

import re

import pytest

from app.core.tools.declarations import (
    McpTool,
    declare_tools,
    function_name,
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
