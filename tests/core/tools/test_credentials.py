"""Credentials typed in arguments or URLs are found, moved to secret variables, and filled in again."""

from __future__ import annotations

import asyncio
import base64

import pytest

from app.core.tools.credentials import (
    expand_placeholders,
    find_credentials,
    move_credentials,
    plain_http_secrets,
)
from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig, fill_secrets, split_secrets
from tests.helpers.mcp_servers import stdio_command


def _stdio(*args: str) -> McpServerConfig:
    return McpServerConfig("s", command="npx", args=args)


@pytest.mark.parametrize(
    ("args", "labels"),
    [
        (("--api-key=sk-123",), ["--api-key"]),
        (("--token", "abc"), ["--token"]),
        (("run", "-e", "GITHUB_TOKEN=ghp_x"), ["GITHUB_TOKEN"]),
        (("--url", "https://api.example.com/mcp?api_key=abc&x=1"), ["api_key"]),
        (("https://me:hunter2@db.example.com/x",), ["user:password@"]),
        (("ghp_" + "a" * 36,), ["ghp_aa…"]),
        (("--keyboard=us", "--password-file=/run/pw", "--session-dir", "/tmp", "--token", "--verbose"), []),
        (("--api-key=${API_KEY}",), []),
    ],
)
def test_credentials_in_arguments_are_found_by_their_flag_or_shape(
    args: tuple[str, ...], labels: list[str]
) -> None:
    assert [f.label for f in find_credentials(_stdio(*args))] == labels


def test_moved_arguments_hold_placeholders_and_the_keyring_gets_the_values() -> None:
    server = _stdio("--api-key=sk-123", "--token", "abc", "-y", "https://h/x?access_token=t%2Fk&v=1")
    moved = move_credentials(server)
    assert moved.args == (
        "--api-key=${API_KEY}",
        "--token",
        "${TOKEN}",
        "-y",
        "https://h/x?access_token=${ACCESS_TOKEN}&v=1",
    )
    assert find_credentials(moved) == []
    stripped, secrets = split_secrets(moved)
    assert stripped.env == {} and sorted(secrets.values()) == ["abc", "sk-123", "t%2Fk"]
    assert "sk-123" not in repr(stripped)
    # At start the placeholders are filled in from the keyring's values, as the user typed them.
    filled = fill_secrets(stripped, secrets)
    assert expand_placeholders(filled).args == server.args


def test_an_http_servers_password_becomes_a_basic_header_and_its_query_token_a_placeholder() -> None:
    server = McpServerConfig("w", transport="http", url="https://me:p%40ss@mcp.example.com/mcp?token=abc")
    assert [f.label for f in find_credentials(server)] == ["user:password@", "token"]
    moved = move_credentials(server)
    assert moved.url == "https://mcp.example.com/mcp?token=${TOKEN}"
    assert moved.headers["Authorization"] == "Basic " + base64.b64encode(b"me:p@ss").decode()
    assert expand_placeholders(moved).url == "https://mcp.example.com/mcp?token=abc"
    stripped, secrets = split_secrets(moved)
    assert "abc" not in repr(stripped) and "Authorization" not in stripped.headers
    assert len(secrets) == 2


@pytest.mark.parametrize(
    ("url", "headers", "warned"),
    [
        ("http://mcp.example.com/mcp", {"Authorization": "Bearer x"}, True),
        ("http://mcp.example.com/mcp?api_key=abc", {}, True),
        ("http://127.0.0.1:8080/mcp", {"Authorization": "Bearer x"}, False),
        ("http://localhost/mcp", {"X-Api-Key": "x"}, False),
        ("http://[::1]/mcp", {"X-Api-Key": "x"}, False),
        ("https://mcp.example.com/mcp", {"Authorization": "Bearer x"}, False),
        ("http://mcp.example.com/mcp", {"Accept": "text/plain"}, False),
    ],
)
def test_plain_http_to_another_machine_with_secrets_is_warned_about(
    url: str, headers: dict[str, str], warned: bool
) -> None:
    assert plain_http_secrets(McpServerConfig("w", transport="http", url=url, headers=headers)) is warned
    # Moved into the keyring, the secrets still cross the network in the clear.
    moved, _ = split_secrets(
        move_credentials(McpServerConfig("w", transport="http", url=url, headers=headers))
    )
    assert plain_http_secrets(moved) is warned


def test_a_real_server_receives_the_moved_argument_filled_in(host: McpHost) -> None:
    command, args = stdio_command("--api-key=sk-secret-123")
    stripped, secrets = split_secrets(move_credentials(McpServerConfig("t", command=command, args=args)))
    assert "sk-secret-123" not in " ".join(stripped.args)

    async def scenario() -> str:
        assert (await host.start(fill_secrets(stripped, secrets))).state == "ready"
        outcome = await host.call("t", "argv", {}, timeout=30)
        assert outcome.result is not None
        return outcome.result.text()

    assert asyncio.run(scenario()).endswith("stdio --api-key=sk-secret-123")


@pytest.mark.parametrize("header", ["Authorization", "authorization"])
def test_an_authorization_header_of_the_users_own_is_kept_when_the_urls_password_moves(header: str) -> None:
    server = McpServerConfig(
        "w", transport="http", url="https://me:pw@mcp.example.com/mcp", headers={header: "Bearer own-token"}
    )
    moved = move_credentials(server)
    assert moved.headers == {header: "Bearer own-token"}  # not replaced, and no second header beside it
    assert moved.url == "https://me:${URL_PASSWORD}@mcp.example.com/mcp"
    assert expand_placeholders(moved).url == "https://me:pw@mcp.example.com/mcp"
    stripped, _secrets = split_secrets(moved)
    assert "pw@" not in repr(stripped)
