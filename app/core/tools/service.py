"""The app's tools: its MCP servers, the tools each conversation offers, and which calls need asking.

Reads its configuration from ``Settings.tools`` (a JSON object, see :class:`ToolSettings`), fills the
servers' secret values in from the keyring before a start, starts servers on first use, and declares the
conversation's tools for the model.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.tools.calls import DEFAULT_STEP_LIMIT, DEFAULT_TOOL_TIMEOUT, PendingCall
from app.core.tools.declarations import (
    SCHEMA_FIELD_SETTINGS,
    Declarations,
    McpTool,
    declare_tools,
    schema_field_for_model,
    tool_key,
)
from app.core.tools.results import DEFAULT_RESULT_LIMIT
from app.core.tools.servers import McpServerConfig, fill_secrets, secret_accounts, servers_from_settings

if TYPE_CHECKING:  # the host (and the MCP machinery it runs) is built when tools are first used
    from app.core.tools.host import McpHost, ServerState

__all__ = ["ToolService", "ToolSettings"]

_log = logging.getLogger(__name__)


def _number(value: object, default: float, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        return default
    return float(value)


@dataclass(frozen=True)
class ToolSettings:
    """``Settings.tools``, read leniently (a bad value falls back to its default).

    Attributes:
        servers: The configured servers (secret values absent).
        default_tools: What new conversations offer: server names and ``server/tool`` keys; None for every
            enabled server.
        always_allowed: Tools (``server/tool``) that run without asking, in every conversation.
        step_limit: Model turns with calls answered in a row.
        timeout: Seconds a tool has to answer.
        result_limit: Characters of a result sent to the model.
        schema_field: ``auto``, ``json_schema`` or ``openapi`` (see ``declarations.schema_field_for_model``).
        session_only: Servers offered for this session only and never saved (the demo's own server).
    """

    servers: tuple[McpServerConfig, ...] = ()
    default_tools: tuple[str, ...] | None = None
    always_allowed: tuple[str, ...] = ()
    step_limit: int = DEFAULT_STEP_LIMIT
    timeout: float = DEFAULT_TOOL_TIMEOUT
    result_limit: int = DEFAULT_RESULT_LIMIT
    schema_field: str = "auto"
    session_only: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ToolSettings:
        """Read ``Settings.tools``."""
        if not isinstance(data, Mapping):
            return cls()
        defaults = data.get("default_tools")
        allowed = data.get("always_allowed")
        field = data.get("schema_field")
        return cls(
            servers=tuple(servers_from_settings(data.get("servers"))),
            default_tools=tuple(str(v) for v in defaults) if isinstance(defaults, list) else None,
            always_allowed=tuple(str(v) for v in allowed) if isinstance(allowed, list) else (),
            step_limit=int(_number(data.get("step_limit"), DEFAULT_STEP_LIMIT, 1, 100)),
            timeout=_number(data.get("timeout"), DEFAULT_TOOL_TIMEOUT, 1, 3600),
            result_limit=int(_number(data.get("result_limit"), DEFAULT_RESULT_LIMIT, 1000, 10_000_000)),
            schema_field=field if field in SCHEMA_FIELD_SETTINGS else "auto",
        )

    def to_dict(self) -> dict[str, Any]:
        """For ``Settings.tools``."""
        from app.core.tools.servers import servers_to_settings

        return {
            "servers": servers_to_settings(s for s in self.servers if s.name not in self.session_only),
            "default_tools": None if self.default_tools is None else list(self.default_tools),
            "always_allowed": list(self.always_allowed),
            "step_limit": self.step_limit,
            "timeout": self.timeout,
            "result_limit": self.result_limit,
            "schema_field": self.schema_field,
        }


def _offered(selection: Sequence[str] | None, server: str, tool: str) -> bool:
    if selection is None:
        return True
    return server in selection or tool_key(server, tool) in selection


class ToolService:
    """What the chat flow asks of tools.

    Args:
        host: Builds the host that runs the sessions; called once, when a session or a server's state is
            first needed (Tools settings, a conversation with tools), not at start-up.
        settings: Returns the current ``ToolSettings`` (read at each use: Settings may change them).
        read_secret: Reads a keyring account (``servers.secret_account``); None when absent.
    """

    def __init__(
        self,
        host: Callable[[], McpHost],
        settings: Callable[[], ToolSettings],
        read_secret: Callable[[str], Awaitable[str | None]] | None = None,
    ) -> None:
        self._build_host = host
        self._host: McpHost | None = None
        self._settings = settings
        self._read_secret = read_secret
        self._openapi_models: set[str] = set()  # models that refused parametersJsonSchema (a 400)

    @property
    def host(self) -> McpHost:
        """The host running the sessions (built on first use)."""
        if self._host is None:
            self._host = self._build_host()
        return self._host

    @property
    def settings(self) -> ToolSettings:
        """The current tool settings."""
        return self._settings()

    def selection(self, mcp_tools: Sequence[str] | None) -> tuple[str, ...] | None:
        """A conversation's choice of tools, or the default set when it has made none."""
        return tuple(mcp_tools) if mcp_tools is not None else self.settings.default_tools

    def active_servers(self, mcp_tools: Sequence[str] | None) -> list[McpServerConfig]:
        """The enabled servers a conversation offers tools of."""
        selection = self.selection(mcp_tools)
        servers = [s for s in self.settings.servers if s.enabled]
        if selection is None:
            return servers
        return [
            s for s in servers if s.name in selection or any(k.startswith(s.name + "/") for k in selection)
        ]

    async def with_secrets(self, server: McpServerConfig) -> McpServerConfig:
        """``server`` with its keyring values filled in."""
        if not server.secret_names or self._read_secret is None:
            return server
        values: dict[str, str | None] = {}
        for account in secret_accounts(server).values():
            try:
                values[account] = await self._read_secret(account)
            except Exception as error:  # a locked keyring: start without it; the server says what it lacks
                _log.warning(
                    "could not read a secret of MCP server %r: %s", server.name, type(error).__name__
                )
        return fill_secrets(server, values)

    async def start(self, server: McpServerConfig) -> ServerState:
        """Start (or restart) ``server`` with its secrets and list its tools ("Test" in Settings)."""
        return await self.host.start(await self.with_secrets(server))

    async def tools_for(
        self, mcp_tools: Sequence[str] | None
    ) -> tuple[list[McpTool], list[tuple[str, ServerState]]]:
        """The tools a conversation offers, starting its servers as needed; and the servers that failed."""
        selection = self.selection(mcp_tools)
        tools: list[McpTool] = []
        failed: list[tuple[str, ServerState]] = []
        for server in self.active_servers(mcp_tools):
            state = await self.host.ensure(await self.with_secrets(server))
            if state.state != "ready":
                failed.append((server.name, state))
                continue
            tools.extend(t for t in state.tools if _offered(selection, t.server, t.name))
        return tools, failed

    def schema_field(self, model: str) -> str:
        """The parameters field for ``model``: the setting, else by model, else what its last 400 taught."""
        if model in self._openapi_models and self.settings.schema_field == "auto":
            return "openapi"
        return schema_field_for_model(model, self.settings.schema_field)

    def json_schema_refused(self, model: str) -> bool:
        """Note that ``model`` (through this gateway) refused ``parametersJsonSchema``; True when new."""
        if self.settings.schema_field != "auto" or model in self._openapi_models:
            return False
        self._openapi_models.add(model)
        return True

    async def declarations(
        self, mcp_tools: Sequence[str] | None, model: str
    ) -> tuple[Declarations, list[tuple[str, ServerState]]]:
        """The declarations a conversation's request carries, and the servers that could not start."""
        tools, failed = await self.tools_for(mcp_tools)
        field = self.schema_field(model)
        return declare_tools(tools, "openapi" if field == "openapi" else "json_schema"), failed

    def left_out(self, state: ServerState) -> list[tuple[str, str]]:
        """The tools of a server a request offering it alone leaves out, each with why (Settings → Tools).

        Why is ``schema`` (not a JSON object), or a cap: ``too_large``, ``too_many``, ``total_size``.
        """
        openapi = self.settings.schema_field == "openapi"
        declared = declare_tools(state.tools, "openapi" if openapi else "json_schema")
        return [(key.split("/", 1)[-1], "schema") for key in declared.skipped] + [
            (item.tool.name, item.reason) for item in declared.left_out
        ]

    def preapproved(self, call: PendingCall, conversation_approvals: Iterable[str]) -> bool:
        """Whether ``call`` runs without asking: always allowed, or allowed for this conversation."""
        return call.key in self.settings.always_allowed or call.key in set(conversation_approvals)

    def shutdown(self) -> None:
        """Stop every server (at quit); a host never built has none."""
        if self._host is not None:
            self._host.shutdown()
