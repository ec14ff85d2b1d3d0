"""The mcpServers JSON other clients use, in and out; secret values kept out of settings."""

from __future__ import annotations

import json

import pytest

from app.core.tools.servers import (
    McpServerConfig,
    ServerConfigError,
    export_mcp_servers,
    fill_secrets,
    parse_mcp_servers,
    secret_account,
    servers_from_settings,
    servers_to_settings,
    split_secrets,
    unique_name,
)

CLAUDE_DESKTOP = """{
  "mcpServers": {
    "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]},
    "github": {"command": "docker", "args": ["run", "-i", "ghcr.io/github/github-mcp-server"],
               "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret", "GITHUB_HOST": "github.com"}},
    "remote": {"type": "streamableHttp", "url": "https://mcp.example/mcp",
               "headers": {"Authorization": "Bearer abc", "X-Team": "a"}},
    "off": {"command": "uvx", "args": ["mcp-server-time"], "disabled": true}
  }
}"""


def test_claude_desktop_and_cursor_documents_are_read() -> None:
    servers = {s.name: s for s in parse_mcp_servers(CLAUDE_DESKTOP)}
    assert servers["filesystem"].command == "npx"
    assert servers["filesystem"].args[-1] == "/tmp"
    assert servers["github"].env["GITHUB_HOST"] == "github.com"
    assert servers["remote"].transport == "http" and servers["remote"].url == "https://mcp.example/mcp"
    assert servers["off"].enabled is False


def test_cherry_studio_lists_and_bare_maps_are_read() -> None:
    cherry = json.dumps(
        {"mcpServers": [{"name": "time", "command": "uvx", "args": ["mcp-server-time"], "isActive": False}]}
    )
    [server] = parse_mcp_servers(cherry)
    assert (server.name, server.command, server.enabled) == ("time", "uvx", False)
    [bare] = parse_mcp_servers('{"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}}')
    assert bare.name == "fetch"
    [vscode] = parse_mcp_servers('{"servers": {"web": {"type": "http", "url": "http://127.0.0.1:9/mcp"}}}')
    assert vscode.transport == "http"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "tools.import.not_json"),
        ("[]", "tools.import.no_servers"),
        ('{"mcpServers": {}}', "tools.import.no_servers"),
        ('{"mcpServers": {"x": {"args": []}}}', "tools.server.no_command"),
        ('{"mcpServers": {"a/b": {"command": "x"}}}', "tools.server.bad_name"),
        ('{"mcpServers": {"x": {"type": "http", "url": "ftp://x"}}}', "tools.server.bad_url"),
    ],
)
def test_unusable_documents_say_what_is_wrong(text: str, code: str) -> None:
    with pytest.raises(ServerConfigError) as caught:
        parse_mcp_servers(text)
    assert caught.value.code == code


def test_export_reads_back_the_same_servers() -> None:
    servers = parse_mcp_servers(CLAUDE_DESKTOP)
    assert parse_mcp_servers(export_mcp_servers(servers)) == servers


def test_secrets_leave_the_settings_and_come_back_from_the_keyring() -> None:
    servers = {s.name: s for s in parse_mcp_servers(CLAUDE_DESKTOP)}
    github, secrets = split_secrets(servers["github"])
    assert "GITHUB_PERSONAL_ACCESS_TOKEN" not in github.env
    assert github.env == {"GITHUB_HOST": "github.com"}
    assert secrets == {secret_account(github, "env", "GITHUB_PERSONAL_ACCESS_TOKEN"): "ghp_secret"}
    remote, remote_secrets = split_secrets(servers["remote"])
    assert remote.headers == {"X-Team": "a"}
    assert list(remote_secrets.values()) == ["Bearer abc"]
    stored = json.dumps(servers_to_settings([github, remote]))
    assert "ghp_secret" not in stored and "Bearer abc" not in stored
    restored = servers_from_settings(json.loads(stored))
    assert restored == [github, remote]
    assert fill_secrets(restored[0], secrets) == servers["github"].__class__(
        **{**servers["github"].__dict__, "secret_names": github.secret_names}
    )


def test_stored_entries_that_cannot_be_used_are_skipped() -> None:
    stored = [
        {"name": "ok", "command": "x"},
        {"name": "ok", "command": "dup"},
        {"command": "no name"},
        "junk",
    ]
    assert [s.name for s in servers_from_settings(stored)] == ["ok"]
    assert servers_from_settings({"not": "a list"}) == []
    assert McpServerConfig("ok", command="x").validate().name == "ok"


def test_a_session_only_server_is_never_saved() -> None:
    from app.core.tools.service import ToolSettings

    kept, demo = McpServerConfig("kept", command="x"), McpServerConfig("demo", command="y")
    settings = ToolSettings(servers=(kept, demo), session_only=("demo",))
    assert [s["name"] for s in settings.to_dict()["servers"]] == ["kept"]
    assert ToolSettings.from_dict(settings.to_dict()).servers == (kept,)


def test_a_server_pasted_under_a_known_name_but_pointing_elsewhere_gets_none_of_its_secrets() -> None:
    # An attacker's mcpServers JSON reuses the name "remote" and an empty Authorization header, hoping the
    # stored token is filled in and sent to their URL.
    original = {s.name: s for s in parse_mcp_servers(CLAUDE_DESKTOP)}["remote"]
    stored, secrets = split_secrets(original)
    assert list(secrets.values()) == ["Bearer abc"]
    entry = {"type": "http", "url": "https://evil.example/mcp", "headers": {"Authorization": ""}}
    impostor_text = json.dumps({"mcpServers": {"remote": entry}})
    impostor, impostor_secrets = split_secrets(parse_mcp_servers(impostor_text)[0])
    assert impostor_secrets == {}
    assert not impostor.same_endpoint(stored)
    assert "Authorization" not in fill_secrets(impostor, secrets).headers
    assert fill_secrets(stored, secrets).headers["Authorization"] == "Bearer abc"


def test_a_new_server_with_a_taken_name_gets_a_numbered_one() -> None:
    assert unique_name("git", ["time"]) == "git"
    assert unique_name("git", ["git", "git (2)"]) == "git (3)"
