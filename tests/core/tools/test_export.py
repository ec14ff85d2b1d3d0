"""Exporting servers for other clients: secret values in, or left out as empty values; never ``${NAME}``."""

from __future__ import annotations

import json

from app.core.tools.credentials import find_credentials, move_credentials
from app.core.tools.export import export_left_out, export_with_secrets, is_left_out_copy, missing_secrets
from app.core.tools.servers import McpServerConfig, fill_secrets, parse_mcp_servers, split_secrets

PASTED = """{"mcpServers": {
  "github": {"command": "docker", "args": ["run", "-i", "ghcr.io/github/github-mcp-server"],
             "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                     "GITHUB_HOST": "x"}},
  "search": {"command": "npx", "args": ["-y", "search-mcp", "--api-key=sk-live-secret-123", "--verbose"]},
  "remote": {"type": "streamableHttp", "url": "https://bob:pa55@mcp.example/mcp?token=tok-42&team=a",
             "headers": {"X-Api-Key": "hdr-secret", "X-Team": "a"}},
  "time": {"command": "uvx", "args": ["mcp-server-time"]}
}}"""


def _stored() -> tuple[list[McpServerConfig], dict[str, str]]:
    """The pasted servers as the app keeps them: credentials moved, secret values out (in the "keyring")."""
    servers, keyring = [], {}
    for server in parse_mcp_servers(PASTED):
        stripped, secrets = split_secrets(move_credentials(server))
        servers.append(stripped)
        keyring.update(secrets)
    return servers, keyring


def test_the_stored_servers_hold_placeholders_that_other_clients_would_not_fill() -> None:
    servers, _keyring = _stored()
    search = next(s for s in servers if s.name == "search")
    assert any("${" in arg for arg in search.args)  # what the export must never carry


def test_with_secrets_the_values_are_in_place_and_importing_it_gives_the_same_servers_and_values() -> None:
    servers, keyring = _stored()
    text = export_with_secrets([fill_secrets(s, keyring) for s in servers])
    assert "${" not in text
    document = json.loads(text)["mcpServers"]
    assert "--api-key=sk-live-secret-123" in document["search"]["args"]
    assert document["github"]["env"]["GITHUB_PERSONAL_ACCESS_TOKEN"].startswith("ghp_")
    assert "token=tok-42" in document["remote"]["url"] and document["remote"]["headers"]["X-Api-Key"]
    assert "API_KEY" not in document["search"].get("env", {}), "the moved value went back where it was typed"
    # Imported back, as the app does it (move what is typed in arguments, secrets to the keyring): the same.
    again, again_keyring = [], {}
    for server in parse_mcp_servers(text):
        if find_credentials(server):
            server = move_credentials(server)
        stripped, secrets = split_secrets(server)
        again.append(stripped)
        again_keyring.update(secrets)
    assert again == servers
    assert again_keyring == keyring


def test_left_out_the_values_are_empty_named_and_importing_it_back_is_recognised() -> None:
    servers, _keyring = _stored()
    text, left = export_left_out(servers)
    assert "${" not in text
    for value in ("ghp_", "sk-live", "tok-42", "hdr-secret", "pa55"):
        assert value not in text
    document = json.loads(text)["mcpServers"]
    assert document["github"]["env"] == {"GITHUB_PERSONAL_ACCESS_TOKEN": "", "GITHUB_HOST": "x"}
    assert "--api-key=" in document["search"]["args"]
    assert document["remote"]["headers"]["X-Api-Key"] == "" and "token=&" in document["remote"]["url"]
    assert document["time"] == {"command": "uvx", "args": ["mcp-server-time"]}
    assert "github: GITHUB_PERSONAL_ACCESS_TOKEN" in left and "search: API_KEY" in left
    assert not any(item.startswith("time:") for item in left)
    imported = {s.name: s for s in parse_mcp_servers(text)}
    for server in servers:
        assert is_left_out_copy(server, imported[server.name]), server.name
        assert not find_credentials(imported[server.name]), "empty values are not credentials to move"
    changed = McpServerConfig("time", command="uvx", args=("mcp-server-time", "--local"))
    assert not is_left_out_copy(next(s for s in servers if s.name == "time"), changed)


def test_values_the_keyring_could_not_give_are_named() -> None:
    servers, keyring = _stored()
    github = next(s for s in servers if s.name == "github")
    assert missing_secrets(github) == ["GITHUB_PERSONAL_ACCESS_TOKEN"]
    assert missing_secrets(fill_secrets(github, keyring)) == []
