"""Removing a server leaves nothing a later server of the same name could inherit."""

from __future__ import annotations

from app.core.store.conversations import ConversationStore
from app.core.tools.removal import conversation_without_server, settings_without_server
from app.core.tools.servers import McpServerConfig
from app.core.tools.service import ToolSettings


def test_the_tool_settings_lose_the_server_its_always_allowed_tools_and_its_default_choice() -> None:
    settings = ToolSettings(
        servers=(McpServerConfig("git", command="git-mcp"), McpServerConfig("gitlab", command="gl-mcp")),
        default_tools=("git", "gitlab/issues", "git/log"),
        always_allowed=("git/status", "gitlab/issues"),
    )
    left = settings_without_server(settings, "git")
    assert [s.name for s in left.servers] == ["gitlab"]
    assert left.default_tools == ("gitlab/issues",)
    assert left.always_allowed == ("gitlab/issues",)
    assert settings_without_server(ToolSettings(), "git").default_tools is None


def test_every_conversation_loses_the_servers_approvals_and_choice(store: ConversationStore) -> None:
    approvals = ["git/log", "time/now"]
    chosen = store.create(
        "a", "m", {"temperature": 0.5, "mcp_tools": ["git", "time"], "tool_approvals": approvals}
    )
    untouched = store.create("b", "m", {"mcp_tools": ["time"], "tool_approvals": []})
    deleted = store.create("c", "m", {"tool_approvals": ["git/diff"]})
    store.delete(deleted.id)
    before = {c.id: c.updated_at for c in (chosen, untouched)}
    changed = store.rewrite_settings(lambda settings: conversation_without_server(settings, "git"))
    assert changed == 2
    first = store.get(chosen.id)
    assert first is not None
    assert first.settings == {"temperature": 0.5, "mcp_tools": ["time"], "tool_approvals": ["time/now"]}
    second = store.get(untouched.id)
    assert second is not None and second.settings == {"mcp_tools": ["time"], "tool_approvals": []}
    third = store.get(deleted.id)
    assert third is not None and third.settings == {"tool_approvals": []}
    assert {c.id: c.updated_at for c in (first, second)} == before, "tidying reordered the list"


def test_a_server_whose_name_starts_like_another_is_left_alone() -> None:
    settings = {"mcp_tools": ["gitlab", "gitlab/x"], "tool_approvals": ["gitlab/x"]}
    assert conversation_without_server(settings, "git") is None
