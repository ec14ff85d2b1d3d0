"""A server's secret values in the keyring: written when entered, carried when the server changes, deleted.

A secret's keyring account names the server and its endpoint (``servers.secret_account``). Every keyring call
is given by the caller (``KeyStore.aset`` / ``adelete``, which run off the GUI thread with a timeout) and may
fail: a locked keyring, or one that does not answer in time. What could not be stored or deleted is returned,
for the user to be told.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from app.core.tools.servers import McpServerConfig, secret_accounts

__all__ = ["Delete", "Write", "carry_secrets", "delete_secrets", "write_secrets"]

Write = Callable[[str, str], Awaitable[None]] | None
"""Stores a value under a keyring account (None: no keyring)."""

Delete = Callable[[str], Awaitable[None]] | None
"""Deletes a keyring account (None: no keyring)."""


async def write_secrets(values: Mapping[str, str], write: Write) -> list[str]:
    """Store ``values`` (by account); returns the names (an account's last part) that could not be stored."""
    failed = []
    for account, value in values.items():
        try:
            if write is None:
                raise RuntimeError("no keyring")
            await write(account, value)
        except Exception:  # a locked keyring, or one that does not answer in time: the value is kept nowhere
            failed.append(account.rsplit("/", 1)[-1])
    return failed


async def delete_secrets(accounts: Mapping[str, str], delete: Delete) -> list[str]:
    """Delete ``accounts`` (by ``secret_names`` entry); returns the names whose deletion failed."""
    failed = []
    for entry, account in accounts.items():
        try:
            if delete is None:
                raise RuntimeError("no keyring")
            await delete(account)
        except Exception:  # left for the user to delete in the keyring itself
            failed.append(entry.partition(":")[2])
    return failed


async def carry_secrets(
    old: McpServerConfig | None,
    previous: McpServerConfig | None,
    server: McpServerConfig,
    typed: Mapping[str, str],
    *,
    write: Write,
    delete: Delete,
) -> list[str]:
    """Store an edited server's secrets: the values typed, and the kept ones under its new accounts.

    Args:
        old: The server before the edit (None for a new one).
        previous: ``old`` with its keyring values filled in (``ToolService.with_secrets``).
        server: The server as saved (secret values absent).
        typed: The secret values typed, by ``secret_names`` entry (``env:NAME``, ``header:NAME``).
        write: Stores a value.
        delete: Deletes an account no longer used (a new name or endpoint, or a secret removed).

    Returns:
        The names that could not be stored.
    """
    old_accounts = secret_accounts(old) if old is not None else {}
    accounts = secret_accounts(server)
    values: dict[str, str] = {}
    for entry, account in accounts.items():
        kind, _, name = entry.partition(":")
        value = typed.get(entry)
        if value is None and previous is not None and old_accounts.get(entry) != account:
            value = (previous.env if kind == "env" else previous.headers).get(name)  # moves to a new account
        if value:
            values[account] = value
    failed = await write_secrets(values, write)
    unused = {entry: account for entry, account in old_accounts.items() if account not in accounts.values()}
    await delete_secrets(unused, delete)
    return failed
