"""Servers as the ``mcpServers`` JSON of other clients: with their secret values, or with them left out.

Claude Desktop, Cursor and Cherry Studio start a server as its entry says: they fill in no ``${NAME}``
placeholder and read no keyring. So an export either carries the secret values themselves (read from the
keyring just before; the file then holds them in clear), or leaves them out as empty values the user fills in
over there, naming which. Neither form carries a placeholder.

Importing our own export back gives the same servers: with the values, the credentials typed in arguments
are found and moved into the keyring again under the same names; without them, :func:`is_left_out_copy`
recognises a server already here, which then keeps its stored values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from app.core.tools.credentials import fill_placeholders, placeholders_in
from app.core.tools.servers import McpServerConfig, export_mcp_servers

__all__ = ["export_left_out", "export_with_secrets", "is_left_out_copy", "left_out", "missing_secrets"]


def _secret_names(server: McpServerConfig, kind: str) -> list[str]:
    return [entry.partition(":")[2] for entry in server.secret_names if entry.startswith(kind + ":")]


def _placeholder_variables(server: McpServerConfig) -> set[str]:
    """Secret variables that only stand for a credential moved out of the arguments or the URL."""
    return placeholders_in(server) & set(_secret_names(server, "env"))


def with_values_in_place(server: McpServerConfig) -> McpServerConfig:
    """``server`` (its secret values filled in) as other clients run it: placeholders replaced by values.

    A variable that only held a credential of the arguments or the URL goes back there and leaves ``env``.
    """
    moved = _placeholder_variables(server)
    filled = fill_placeholders(server, {name: server.env[name] for name in moved if name in server.env})
    env = {name: value for name, value in filled.env.items() if name not in moved}
    return dataclasses.replace(filled, env=env)


def left_out(server: McpServerConfig) -> McpServerConfig:
    """``server`` (without its secret values) as the export without secrets writes it: empty values."""
    moved = _placeholder_variables(server)
    blank = fill_placeholders(server, dict.fromkeys(moved, ""))
    env = {name: value for name, value in blank.env.items() if name not in moved}
    env.update({name: "" for name in _secret_names(server, "env") if name not in moved})
    headers = {**blank.headers, **{name: "" for name in _secret_names(server, "header")}}
    return dataclasses.replace(blank, env=env, headers=headers if server.transport == "http" else {})


def export_with_secrets(servers: Iterable[McpServerConfig]) -> str:
    """The ``mcpServers`` document of ``servers``, their values filled in (``ToolService.with_secrets``)."""
    return export_mcp_servers(with_values_in_place(server) for server in servers)


def export_left_out(servers: Iterable[McpServerConfig]) -> tuple[str, list[str]]:
    """The ``mcpServers`` document without secret values, and what was left out (``server: NAME``)."""
    servers = list(servers)
    missing = [f"{s.name}: {name}" for s in servers for name in sorted(_left_names(s))]
    return export_mcp_servers(left_out(server) for server in servers), missing


def _left_names(server: McpServerConfig) -> set[str]:
    names = set(_secret_names(server, "env"))
    if server.transport == "http":
        names |= set(_secret_names(server, "header"))
    return names


def missing_secrets(server: McpServerConfig) -> list[str]:
    """The secret values ``server`` should hold but does not (the keyring could not give them)."""
    env = [n for n in _secret_names(server, "env") if not server.env.get(n)]
    headers = [n for n in _secret_names(server, "header") if not server.headers.get(n)]
    return sorted(env + (headers if server.transport == "http" else []))


def is_left_out_copy(known: McpServerConfig, imported: McpServerConfig) -> bool:
    """Whether ``imported`` is ``known`` as the export without secrets wrote it (so it changes nothing)."""
    return left_out(known).to_mcp_entry() == imported.to_mcp_entry()
