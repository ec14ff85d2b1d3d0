"""MCP tools as Gemini ``functionDeclarations``.

Gemini takes a tool's parameters in one of two mutually exclusive fields: ``parametersJsonSchema`` (full JSON
Schema, Gemini 2.5 and later) or ``parameters`` (an OpenAPI 3.0 subset; unsupported keywords make the request
fail, so they are converted or dropped here). Function names allow at most 64 characters of ``a-zA-Z0-9_.:-``
and start with a letter or an underscore; two servers offering the same tool name get their server's name as a
prefix. PROTOCOL-NOTES §8 has the details.

A request offers at most ``MAX_FUNCTIONS`` declarations of at most ``MAX_DECLARATION_BYTES`` each and
``MAX_TOTAL_BYTES`` together: a server listing thousands of tools or megabyte schemas would otherwise make
every request of the conversation enormous (refused by the gateway, slow to build and send). What is left out
is in ``Declarations.left_out`` with the reason, for the notice under the answer and for Settings → Tools.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from app.core.texts import Text

__all__ = [
    "MAX_DECLARATION_BYTES",
    "MAX_FUNCTIONS",
    "MAX_TOTAL_BYTES",
    "Declarations",
    "DeclaredTool",
    "LeftOut",
    "LeftOutReason",
    "McpTool",
    "SchemaField",
    "declare_tools",
    "function_name",
    "left_out_notices",
    "listed",
    "schema_field_for_model",
    "to_openapi_schema",
]

SchemaField = Literal["json_schema", "openapi"]
SCHEMA_FIELD_SETTINGS: tuple[str, ...] = ("auto", "json_schema", "openapi")

MAX_NAME = 64
_NAME_BAD = re.compile(r"[^a-zA-Z0-9_.:-]")
_MAX_DEPTH = 12

# The caps. Vertex AI's reference for `Tool.functionDeclarations` documented "Maximum 64 function
# declarations" for the first Gemini models; later models take more, and gateways that convert to the OpenAI
# API refuse more than 128 tools, so 128 keeps every channel working (Gemini's own guide advises far fewer
# active tools for accurate calls). Sizes are the JSON the client sends (UTF-8): real tools' declarations
# weigh a few KB, so 64 KB leaves room for any honest schema, and 512 KB together (every request of the
# conversation carries them, each tool step too) stays far under the gateways' body limits while a hostile
# server cannot make each request megabytes.
MAX_FUNCTIONS = 128
MAX_DECLARATION_BYTES = 64 * 1024
MAX_TOTAL_BYTES = 512 * 1024
# Nodes the OpenAPI conversion may build for one schema: local $refs are inlined, so a small schema whose
# definitions refer to each other many times over could otherwise expand exponentially before it is measured.
_MAX_NODES = 20_000

LeftOutReason = Literal["too_large", "too_many", "total_size"]

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
class LeftOut:
    """A tool the request does not offer because of a cap.

    Attributes:
        tool: The server's tool.
        reason: ``too_large`` (its declaration alone is over ``MAX_DECLARATION_BYTES``), ``too_many`` (past
            ``MAX_FUNCTIONS``) or ``total_size`` (it would take the declarations past ``MAX_TOTAL_BYTES``).
    """

    tool: McpTool
    reason: LeftOutReason

    @property
    def key(self) -> str:
        """``server/tool``."""
        return tool_key(self.tool.server, self.tool.name)


@dataclass(frozen=True)
class Declarations:
    """What a request offers the model.

    Attributes:
        functions: The ``functionDeclarations`` list, in the order of ``tools``.
        tools: The function name -> server tool table, to route a ``functionCall``.
        skipped: Tools left out because their schema is not a JSON object (``server/tool`` each).
        left_out: Tools left out by the caps (too large, past ``MAX_FUNCTIONS``, past ``MAX_TOTAL_BYTES``).
    """

    functions: list[dict[str, Any]]
    tools: dict[str, DeclaredTool]
    skipped: tuple[str, ...] = ()
    left_out: tuple[LeftOut, ...] = ()

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


class _TooLarge(ValueError):
    """A schema whose conversion grows past its node budget."""


def to_openapi_schema(
    schema: Mapping[str, Any],
    root: Mapping[str, Any] | None = None,
    depth: int = 0,
    budget: list[int] | None = None,
) -> dict[str, Any]:
    """``schema`` (JSON Schema) in the OpenAPI subset that Gemini's ``parameters`` field takes.

    Local ``$ref``s are inlined (to a depth of 12, then left as a plain object), ``type: [T, "null"]``
    becomes ``type: T, nullable: true``, ``const`` a one-value ``enum``, ``oneOf`` an ``anyOf``; ``allOf``
    merges its objects' properties; keywords outside the subset are dropped; enums are kept only for strings.

    Raises:
        ValueError: The converted schema grew past ``budget[0]`` nodes (20,000 by default): a hostile schema
            whose ``$ref``s multiply (``declare_tools`` leaves such a tool out).
    """
    root = schema if root is None else root
    budget = [_MAX_NODES] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if depth > _MAX_DEPTH:
        return {"type": "object"}
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = _resolve_ref(ref, root)
        merged = {**(target or {"type": "object"}), **{k: v for k, v in schema.items() if k != "$ref"}}
        return to_openapi_schema(merged, root, depth + 1, budget)
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
                str(k): to_openapi_schema(v, root, depth + 1, budget)
                for k, v in value.items()
                if isinstance(v, Mapping)
            }
            if props:
                out["properties"] = props
        elif key == "items" and isinstance(value, Mapping):
            out["items"] = to_openapi_schema(value, root, depth + 1, budget)
        elif key == "anyOf" and isinstance(value, list):
            out["anyOf"] = [
                to_openapi_schema(v, root, depth + 1, budget) for v in value if isinstance(v, Mapping)
            ]
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
        out["anyOf"] = [
            to_openapi_schema(v, root, depth + 1, budget) for v in one_of if isinstance(v, Mapping)
        ]
    all_of = schema.get("allOf")
    if isinstance(all_of, list):
        for part in all_of:
            if isinstance(part, Mapping):
                converted = to_openapi_schema(part, root, depth + 1, budget)
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


def _sent_size(value: object) -> int:
    """Bytes of ``value`` as the client sends it (compact JSON, UTF-8)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode())


def _weighed(tool: McpTool, schema_field: SchemaField) -> int | None:
    """The bytes ``tool``'s declaration takes (with the longest name), or None when it is too large to send.

    What the server sent is weighed first, so a megabyte schema is never converted; a schema that cannot be
    written as JSON (nesting too deep, a NaN) is too large too.
    """
    try:
        if _sent_size([tool.description, tool.input_schema]) > MAX_DECLARATION_BYTES:
            return None
        size = _sent_size(_declaration("x" * MAX_NAME, tool, schema_field))
    except (ValueError, TypeError, RecursionError):
        return None
    return size if size <= MAX_DECLARATION_BYTES else None


def declare_tools(tools: Iterable[McpTool], schema_field: SchemaField) -> Declarations:
    """Declare ``tools`` to the model with the parameters in ``schema_field``.

    A tool name offered by one server only keeps its name (made valid); a name two servers offer is prefixed
    by each server's name. A tool whose schema is not a JSON object is skipped (listed in ``skipped``). The
    caps keep the first tools, in the order given, that fit; the others are in ``left_out``.
    """
    usable: list[McpTool] = []
    skipped: list[str] = []
    left_out: list[LeftOut] = []
    total = 0
    for tool in tools:
        schema: object = tool.input_schema
        if not isinstance(schema, Mapping) or schema.get("type", "object") != "object":
            skipped.append(f"{tool.server}/{tool.name}")
            continue
        if len(usable) >= MAX_FUNCTIONS:
            left_out.append(LeftOut(tool, "too_many"))  # not even weighed: thousands of tools stay cheap
            continue
        size = _weighed(tool, schema_field)
        if size is None:
            left_out.append(LeftOut(tool, "too_large"))
        elif total + size > MAX_TOTAL_BYTES:
            left_out.append(LeftOut(tool, "total_size"))
        else:
            total += size
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
    return Declarations(functions, table, tuple(skipped), tuple(left_out))


def listed(names: Sequence[str], at_most: int = 20) -> str:
    """``names`` joined by commas: the first ``at_most`` of them, then "…".

    A notice naming thousands of tools would be as unreadable as it is long.
    """
    shown = ", ".join(names[:at_most])
    return f"{shown}, …" if len(names) > at_most else shown


_LIMITS: dict[str, int] = {
    "too_large": MAX_DECLARATION_BYTES // 1024,
    "too_many": MAX_FUNCTIONS,
    "total_size": MAX_TOTAL_BYTES // 1024,
}


def left_out_notices(declarations: Declarations) -> list[Text]:
    """What the user is told about the tools ``declarations`` leave out: one notice per reason."""
    notices: list[Text] = []
    if declarations.skipped:
        notices.append(Text("tools.schema_skipped", tools=listed(declarations.skipped)))
    by_reason: dict[str, list[str]] = {}
    for item in declarations.left_out:
        by_reason.setdefault(item.reason, []).append(item.key)
    for reason, keys in by_reason.items():
        notices.append(
            Text(f"tools.left_out.{reason}", tools=listed(keys), count=len(keys), limit=_LIMITS[reason])
        )
    return notices


def tool_key(server: str, tool: str) -> str:
    """How approvals and per-conversation choices name a tool: ``server/tool``."""
    return f"{server}/{tool}"
