"""MCP tools as Gemini ``functionDeclarations``.

Gemini takes a tool's parameters in one of two mutually exclusive fields: ``parametersJsonSchema`` (full JSON
Schema, Gemini 2.5 and later) or ``parameters`` (an OpenAPI 3.0 subset; unsupported keywords make the request
fail, so they are converted or dropped here). Function names allow at most 64 characters of ``a-zA-Z0-9_.:-``
and start with a letter or an underscore; two servers offering the same tool name get their server's name as a
prefix. PROTOCOL-NOTES §8 has the details.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Declarations",
    "DeclaredTool",
    "McpTool",
    "SchemaField",
    "declare_tools",
    "function_name",
    "schema_field_for_model",
    "to_openapi_schema",
]

SchemaField = Literal["json_schema", "openapi"]
SCHEMA_FIELD_SETTINGS: tuple[str, ...] = ("auto", "json_schema", "openapi")

MAX_NAME = 64
_NAME_BAD = re.compile(r"[^a-zA-Z0-9_.:-]")
_MAX_DEPTH = 12

# What the `parameters` field (Gemini's Schema object) accepts; anything else is dropped.
_OPENAPI_KEYS = frozenset(
    {
        "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties",
        "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf",
        "propertyOrdering", "default", "items", "minimum", "maximum",
    }
)  # fmt: skip
_TYPES = {"string", "number", "integer", "boolean", "array", "object"}


@dataclass(frozen=True)
class McpTool:
    """A tool as a server lists it.

    Attributes:
        server: The server's name.
        name: The tool's name on that server.
        description: What the tool does, in the server's words (untrusted text).
        input_schema: Its arguments' JSON Schema as the server sent it.
    """

    server: str
    name: str
    description: str = ""
    input_schema: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeclaredTool:
    """A tool offered to the model: the name the model calls, and which server tool that is."""

    function: str
    tool: McpTool


@dataclass(frozen=True)
class Declarations:
    """What a request offers the model.

    Attributes:
        functions: The ``functionDeclarations`` list, in the order of ``tools``.
        tools: The function name -> server tool table, to route a ``functionCall``.
        skipped: Tools left out because their schema is not a JSON object (``server/tool`` each).
    """

    functions: list[dict[str, Any]]
    tools: dict[str, DeclaredTool]
    skipped: tuple[str, ...] = ()

    def route(self, function: str) -> DeclaredTool | None:
        """The server tool the model means by ``function``, or None for a name nothing declared."""
        return self.tools.get(function)


def schema_field_for_model(model: str, setting: str = "auto") -> SchemaField:
    """Which parameters field to send: the setting, or by model when it is ``auto``.

    Gemini 2.5 and later take ``parametersJsonSchema``; older models and other families (served through a
    gateway's conversion) get the OpenAPI subset, which every channel understands.
    """
    if setting in ("json_schema", "openapi"):
        return setting  # type: ignore[return-value]
    name = model.lower().rsplit("/", 1)[-1]
    match = re.search(r"gemini-(\d+)(?:\.(\d+))?", name)
    if match is None:
        return "openapi"
    major, minor = int(match.group(1)), int(match.group(2) or 0)
    return "json_schema" if (major, minor) >= (2, 5) else "openapi"


def function_name(name: str, prefix: str = "") -> str:
    """A valid Gemini function name for tool ``name`` (with ``prefix``, the server's name, on a clash).

    Characters outside ``a-zA-Z0-9_.:-`` become ``_``; a name not starting with a letter or ``_`` gets a ``_``
    in front; a name longer than 64 characters is cut and ends with a short hash of the full name, so two
    long names stay distinct.
    """
    full = f"{prefix}__{name}" if prefix else name
    clean = _NAME_BAD.sub("_", full)
    if not re.match(r"[a-zA-Z_]", clean):
        clean = "_" + clean
    if len(clean) > MAX_NAME:
        digest = hashlib.sha256(full.encode()).hexdigest()[:8]
        clean = f"{clean[: MAX_NAME - 9]}_{digest}"
    return clean


def _resolve_ref(ref: str, root: Mapping[str, Any]) -> Mapping[str, Any] | None:
    if ref == "#":
        return root
    if not ref.startswith("#/"):
        return None
    node: Any = root
    for piece in ref[2:].split("/"):
        if not isinstance(node, Mapping) or piece not in node:
            return None
        node = node[piece]
    return node if isinstance(node, Mapping) else None


def to_openapi_schema(
    schema: Mapping[str, Any], root: Mapping[str, Any] | None = None, depth: int = 0
) -> dict[str, Any]:
    """``schema`` (JSON Schema) in the OpenAPI subset that Gemini's ``parameters`` field takes.

    Local ``$ref``s are inlined (to a depth of 12, then left as a plain object), ``type: [T, "null"]``
    becomes ``type: T, nullable: true``, ``const`` a one-value ``enum``, ``oneOf`` an ``anyOf``; ``allOf``
    merges its objects' properties; keywords outside the subset are dropped; enums are kept only for strings.
    """
    root = schema if root is None else root
    if depth > _MAX_DEPTH:
        return {"type": "object"}
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = _resolve_ref(ref, root)
        merged = {**(target or {"type": "object"}), **{k: v for k, v in schema.items() if k != "$ref"}}
        return to_openapi_schema(merged, root, depth + 1)
    out: dict[str, Any] = {}
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k in _TYPES]
        if "null" in kind:
            out["nullable"] = True
        if len(kinds) == 1:
            kind = kinds[0]
        elif kinds:
            out["anyOf"] = [{"type": k.upper()} for k in kinds]
            kind = None
        else:
            kind = None
    if isinstance(kind, str) and kind in _TYPES:
        out["type"] = kind.upper()
    if "const" in schema:
        schema = {**schema, "enum": [schema["const"]]}
    for key, value in schema.items():
        if key not in _OPENAPI_KEYS or key == "type":
            continue
        if key == "properties" and isinstance(value, Mapping):
            props = {
                str(k): to_openapi_schema(v, root, depth + 1)
                for k, v in value.items()
                if isinstance(v, Mapping)
            }
            if props:
                out["properties"] = props
        elif key == "items" and isinstance(value, Mapping):
            out["items"] = to_openapi_schema(value, root, depth + 1)
        elif key == "anyOf" and isinstance(value, list):
            out["anyOf"] = [to_openapi_schema(v, root, depth + 1) for v in value if isinstance(v, Mapping)]
        elif key == "enum" and isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                out["enum"] = list(value)
                out.setdefault("type", "STRING")
        elif key == "required" and isinstance(value, list):
            out["required"] = [str(v) for v in value]
        elif key in ("description", "title", "format", "pattern") and not isinstance(value, str):
            continue
        else:
            out[key] = value
    one_of = schema.get("oneOf")
    if isinstance(one_of, list) and "anyOf" not in out:
        out["anyOf"] = [to_openapi_schema(v, root, depth + 1) for v in one_of if isinstance(v, Mapping)]
    all_of = schema.get("allOf")
    if isinstance(all_of, list):
        for part in all_of:
            if isinstance(part, Mapping):
                converted = to_openapi_schema(part, root, depth + 1)
                out.setdefault("properties", {}).update(converted.get("properties", {}))
                out["required"] = [*out.get("required", []), *converted.get("required", [])]
                out.setdefault("type", converted.get("type", "OBJECT"))
    if "required" in out and "properties" in out:
        out["required"] = [name for name in out["required"] if name in out["properties"]]
        if not out["required"]:
            del out["required"]
    elif "required" in out:
        del out["required"]
    return out


def _has_properties(schema: Mapping[str, Any]) -> bool:
    props = schema.get("properties")
    return (isinstance(props, Mapping) and bool(props)) or any(
        k in schema for k in ("$ref", "anyOf", "oneOf", "allOf")
    )


def _declaration(function: str, tool: McpTool, schema_field: SchemaField) -> dict[str, Any]:
    declaration: dict[str, Any] = {"name": function}
    if tool.description:
        declaration["description"] = tool.description
    schema = tool.input_schema
    # A tool without arguments declares none: an OBJECT without properties is refused by `parameters`.
    if _has_properties(schema):
        if schema_field == "json_schema":
            declaration["parametersJsonSchema"] = {k: v for k, v in schema.items() if k != "$schema"}
        else:
            declaration["parameters"] = to_openapi_schema(schema)
    return declaration


def declare_tools(tools: Iterable[McpTool], schema_field: SchemaField) -> Declarations:
    """Declare ``tools`` to the model with the parameters in ``schema_field``.

    A tool name offered by one server only keeps its name (made valid); a name two servers offer is prefixed
    by each server's name. A tool whose schema is not a JSON object is skipped (listed in ``skipped``).
    """
    usable: list[McpTool] = []
    skipped: list[str] = []
    for tool in tools:
        schema: object = tool.input_schema
        if not isinstance(schema, Mapping) or schema.get("type", "object") != "object":
            skipped.append(f"{tool.server}/{tool.name}")
            continue
        usable.append(tool)
    counts: dict[str, int] = {}
    for tool in usable:
        base = function_name(tool.name)
        counts[base] = counts.get(base, 0) + 1
    functions: list[dict[str, Any]] = []
    table: dict[str, DeclaredTool] = {}
    for tool in usable:
        base = function_name(tool.name)
        name = base if counts[base] == 1 else function_name(tool.name, tool.server)
        while name in table:  # two servers whose names are the same once made valid
            name = function_name(name + "_")
        table[name] = DeclaredTool(name, tool)
        functions.append(_declaration(name, tool, schema_field))
    return Declarations(functions, table, tuple(skipped))


def tool_key(server: str, tool: str) -> str:
    """How approvals and per-conversation choices name a tool: ``server/tool``."""
    return f"{server}/{tool}"
