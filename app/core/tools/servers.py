"""MCP server configurations, and the ``mcpServers`` JSON that Claude Desktop, Cursor and Cherry Studio share.

A server is started as a local process speaking over stdio (``command``, ``args``, ``env``, ``cwd``) or
reached at a streamable-HTTP URL (``url``, ``headers``). Values that look secret (tokens, keys, passwords,
an ``Authorization`` header) are not kept in ``settings.json``: :func:`split_secrets` takes them out so the
caller can put them in the keyring, and :func:`secret_account` names their keyring entry. That name holds the
server's endpoint (its command and arguments, or its URL), not only its name: a server pasted later under a
known name but pointing elsewhere never receives the secrets stored for the first one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = [
    "McpServerConfig",
    "ServerConfigError",
    "Transport",
    "export_mcp_servers",
    "is_secret_name",
    "parse_mcp_servers",
    "secret_account",
    "secret_accounts",
    "servers_from_settings",
    "servers_to_settings",
    "split_secrets",
    "unique_name",
]

Transport = Literal["stdio", "http"]

# Names whose values are credentials by convention (GITHUB_PERSONAL_ACCESS_TOKEN, X-Api-Key, ...).
_SECRET_NAME = re.compile(r"(?i)(key|token|secret|passw|pwd|auth|credential|cookie|session)")
# No "/": it joins a server's name to a tool's in approvals ("server/tool") and in keyring accounts, where
# server "a" with tool "b/c" must never read as server "a/b" with tool "c".
_SERVER_NAME = re.compile(r"^[^\x00-\x1f/]{1,64}$")


class ServerConfigError(ValueError):
    """An ``mcpServers`` document or a server entry that cannot be used.

    Attributes:
        code: What is wrong (``tools.import.not_json``, ``tools.import.no_servers``,
            ``tools.server.no_command``, ``tools.server.bad_url``, ``tools.server.bad_name``).
        server: The server's name, when one entry is at fault.
    """

    def __init__(self, code: str, server: str = "") -> None:
        super().__init__(f"{code}: {server}" if server else code)
        self.code = code
        self.server = server


def is_secret_name(name: str) -> bool:
    """Whether an environment variable or header called ``name`` holds a credential by convention."""
    return bool(_SECRET_NAME.search(name))


def secret_account(server: McpServerConfig, kind: Literal["env", "header"], name: str) -> str:
    """The keyring account of one secret value of ``server`` (its entry in ``app.core.secrets.KeyStore``).

    The account names the server's endpoint as well as its name, so a secret is only ever given to the
    program or URL it was entered for.
    """
    return f"mcp/{server.name}/{server.endpoint_id}/{kind}/{name}"


def secret_accounts(server: McpServerConfig) -> dict[str, str]:
    """The keyring accounts of ``server``'s secret values, by entry of ``secret_names`` (``env:NAME``...)."""
    accounts = {}
    for entry in server.secret_names:
        kind, _, name = entry.partition(":")
        accounts[entry] = secret_account(server, "env" if kind == "env" else "header", name)
    return accounts


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when a server of that name already exists."""
    names = set(taken)
    if name not in names:
        return name
    number = 2
    while f"{name} ({number})" in names:
        number += 1
    return f"{name} ({number})"


@dataclass(frozen=True)
class McpServerConfig:
    """One MCP server.

    Attributes:
        name: Unique among the user's servers; prefixes its tools' names when two servers offer the same name.
        transport: ``stdio`` (a local process) or ``http`` (streamable HTTP).
        command: The program to start (stdio).
        args: Its arguments (stdio).
        env: Extra environment variables (stdio); merged over a minimal safe environment, never the app's own.
        cwd: The working folder ("" for the app's).
        url: The streamable-HTTP endpoint (http).
        headers: Extra HTTP headers (http).
        enabled: Off means its tools are never offered and it is never started.
        secret_names: Which of ``env`` / ``headers`` live in the keyring (``env:NAME`` / ``header:NAME``);
            their values are absent from ``settings.json`` and filled in before a start.
    """

    name: str
    transport: Transport = "stdio"
    command: str = ""
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: str = ""
    url: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    enabled: bool = True
    secret_names: tuple[str, ...] = ()

    @property
    def endpoint_id(self) -> str:
        """A short digest of where the server runs: transport, command and arguments, or URL."""
        where = json.dumps([self.transport, self.command, list(self.args), self.url.strip()])
        return hashlib.sha256(where.encode()).hexdigest()[:16]

    def same_endpoint(self, other: McpServerConfig) -> bool:
        """Whether ``other`` runs the same program or reaches the same URL (its settings may differ)."""
        return self.endpoint_id == other.endpoint_id

    def validate(self) -> McpServerConfig:
        """Return this server if it can be started.

        Raises:
            ServerConfigError: No name, a stdio server without a command, or an HTTP server without an
                ``http(s)://`` URL.
        """
        if not _SERVER_NAME.match(self.name) or not self.name.strip():
            raise ServerConfigError("tools.server.bad_name", self.name)
        if self.transport == "stdio" and not self.command.strip():
            raise ServerConfigError("tools.server.no_command", self.name)
        if self.transport == "http" and not re.match(r"(?i)^https?://[^/\s]+", self.url.strip()):
            raise ServerConfigError("tools.server.bad_url", self.name)
        return self

    def to_mcp_entry(self) -> dict[str, Any]:
        """This server as an entry of ``mcpServers`` (secret values included when they are filled in)."""
        entry: dict[str, Any]
        if self.transport == "http":
            entry = {"type": "streamableHttp", "url": self.url}
            if self.headers:
                entry["headers"] = dict(self.headers)
        else:
            entry = {"command": self.command, "args": list(self.args)}
            if self.env:
                entry["env"] = dict(self.env)
            if self.cwd:
                entry["cwd"] = self.cwd
        if not self.enabled:
            entry["disabled"] = True
        return entry


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}


def _entry_to_config(name: str, entry: object) -> McpServerConfig:
    if not isinstance(entry, dict):
        raise ServerConfigError("tools.server.no_command", name)
    kind = str(entry.get("type") or entry.get("transport") or "").lower().replace("-", "").replace("_", "")
    url = entry.get("url") or entry.get("baseUrl") or entry.get("serverUrl")
    enabled = not (entry.get("disabled") is True or entry.get("isActive") is False)
    if isinstance(url, str) and ("http" in kind or "sse" in kind or not entry.get("command")):
        return McpServerConfig(
            name=name,
            transport="http",
            url=url.strip(),
            headers=_strings(entry.get("headers")),
            enabled=enabled,
        ).validate()
    args = entry.get("args")
    return McpServerConfig(
        name=name,
        command=str(entry.get("command") or ""),
        args=tuple(str(a) for a in args) if isinstance(args, list) else (),
        env=_strings(entry.get("env")),
        cwd=str(entry.get("cwd") or ""),
        enabled=enabled,
    ).validate()


def parse_mcp_servers(text: str) -> list[McpServerConfig]:
    """Read the servers of an ``mcpServers`` document (Claude Desktop, Cursor, Cherry Studio, VS Code).

    Accepts ``{"mcpServers": {name: entry}}``, VS Code's ``{"servers": {...}}``, a bare ``{name: entry}`` map,
    and Cherry Studio's list form (entries with a ``name``). stdio entries have ``command``/``args``/``env``/
    ``cwd``; HTTP entries a ``url`` (``type`` ``streamableHttp``, ``http`` or ``sse``) and ``headers``;
    ``disabled: true`` or ``isActive: false`` imports a server switched off.

    Raises:
        ServerConfigError: Not JSON, no servers, or an entry that cannot be started.
    """
    try:
        document = json.loads(text)
    except ValueError:
        raise ServerConfigError("tools.import.not_json") from None
    if isinstance(document, dict):
        servers = document.get("mcpServers", document.get("servers", document))
    else:
        servers = document
    entries: list[tuple[str, object]]
    if isinstance(servers, list):
        entries = [(str(e.get("name", "")), e) for e in servers if isinstance(e, dict)]
    elif isinstance(servers, dict):
        entries = [(str(k), v) for k, v in servers.items()]
    else:
        entries = []
    entries = [(name, entry) for name, entry in entries if isinstance(entry, dict)]
    if not entries:
        raise ServerConfigError("tools.import.no_servers")
    return [_entry_to_config(name.strip(), entry) for name, entry in entries]


def export_mcp_servers(servers: Iterable[McpServerConfig]) -> str:
    """The ``{"mcpServers": ...}`` document other clients import (secret values as they are filled in)."""
    return json.dumps(
        {"mcpServers": {s.name: s.to_mcp_entry() for s in servers}}, indent=2, ensure_ascii=False
    )


def split_secrets(server: McpServerConfig) -> tuple[McpServerConfig, dict[str, str]]:
    """Take the secret values out of ``server``.

    Returns:
        The server without those values (``secret_names`` lists them) and the values by keyring account.
    """
    secrets: dict[str, str] = {}
    env = dict(server.env)
    headers = dict(server.headers)
    names = set(server.secret_names)
    for kind, values in (("env", env), ("header", headers)):
        for name in list(values):
            if is_secret_name(name) or f"{kind}:{name}" in names:
                value = values.pop(name)
                names.add(f"{kind}:{name}")
                if value:
                    secrets[secret_account(server, kind, name)] = value  # type: ignore[arg-type]
    return replace(server, env=env, headers=headers, secret_names=tuple(sorted(names))), secrets


def fill_secrets(server: McpServerConfig, values: Mapping[str, str | None]) -> McpServerConfig:
    """``server`` with its keyring values put back (``values`` by account; a missing one stays absent)."""
    env = dict(server.env)
    headers = dict(server.headers)
    for entry, account in secret_accounts(server).items():
        kind, _, name = entry.partition(":")
        value = values.get(account)
        if value is not None:
            (env if kind == "env" else headers)[name] = value
    return replace(server, env=env, headers=headers)


def servers_to_settings(servers: Iterable[McpServerConfig]) -> list[dict[str, Any]]:
    """The servers as stored in ``Settings.tools["servers"]`` (call :func:`split_secrets` first)."""
    stored = []
    for server in servers:
        stored.append(
            {
                "name": server.name,
                "transport": server.transport,
                "command": server.command,
                "args": list(server.args),
                "env": dict(server.env),
                "cwd": server.cwd,
                "url": server.url,
                "headers": dict(server.headers),
                "enabled": server.enabled,
                "secret_names": list(server.secret_names),
            }
        )
    return stored


def servers_from_settings(stored: object) -> list[McpServerConfig]:
    """The servers kept in ``Settings.tools["servers"]``; entries that cannot be used are skipped."""
    servers: list[McpServerConfig] = []
    if not isinstance(stored, list):
        return servers
    seen: set[str] = set()
    for item in stored:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or item["name"] in seen:
            continue
        args = item.get("args")
        names = item.get("secret_names")
        try:
            server = McpServerConfig(
                name=item["name"],
                transport="http" if item.get("transport") == "http" else "stdio",
                command=str(item.get("command") or ""),
                args=tuple(str(a) for a in args) if isinstance(args, list) else (),
                env=_strings(item.get("env")),
                cwd=str(item.get("cwd") or ""),
                url=str(item.get("url") or ""),
                headers=_strings(item.get("headers")),
                enabled=item.get("enabled") is not False,
                secret_names=tuple(str(n) for n in names) if isinstance(names, list) else (),
            ).validate()
        except ServerConfigError:
            continue
        seen.add(server.name)
        servers.append(server)
    return servers
