"""The proxy's password: kept where the API key is kept, never in ``settings.json``.

A proxy URL may carry credentials (``http://user:password@proxy:3128``). In memory ``Settings.proxy_url`` is
the whole URL, so every connection uses it as it is. On disk the password is left out: ``settings.json`` and
the copies of a damaged one hold ``http://user@proxy:3128`` (``app.core.proxy_credentials``), and the
password itself is in the secret store that holds the API key (the keyring, or the key file the user chose
instead), under the account ``proxy-password:<the URL without it>``.

A file written by an older version still holds the password. ``ProxyPasswords.keep`` moves it into the store;
until that succeeded the settings store keeps writing it, so a missing keyring never loses it
(``SettingsStore.legacy_proxy_url``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from app.core.key_sources import SecretStore
from app.core.proxy_credentials import (
    has_user,
    proxy_account,
    split_password,
    with_password,
    without_password,
)
from app.core.secrets import DEFAULT_TIMEOUT
from app.core.settings import Settings


class ProxyPasswords:
    """Reads and writes proxy passwords in the store that holds the API key.

    Args:
        store: The store in use, asked at each call: the user can switch between keyring and key file.
        timeout: Seconds to wait for the keyring.
    """

    def __init__(self, store: Callable[[], SecretStore], timeout: float = DEFAULT_TIMEOUT) -> None:
        self._store = store
        self._timeout = timeout

    async def restore(self, settings: Settings) -> Settings:
        """``settings`` with the stored password put back into the proxy URL, when it has a user name.

        Raises:
            SecretStoreError: The store could not be read.
        """
        url = settings.proxy_url
        if not url or split_password(url)[1] or not has_user(url):
            return settings
        password = await self._store().aget(proxy_account(url), self._timeout)
        if not password:
            return settings
        return dataclasses.replace(settings, proxy_url=with_password(url, password))

    async def keep(self, old_url: str, new_url: str) -> None:
        """Store the password of ``new_url``, and remove the one of ``old_url`` when it is no longer used.

        Raises:
            SecretStoreError: The store refused (nothing is removed then).
        """
        store = self._store()
        new_bare, new_password = split_password(new_url)
        old_bare = without_password(old_url)
        if new_password:
            await store.aset(proxy_account(new_bare), new_password, self._timeout)
        if has_user(old_bare) and (old_bare != new_bare or not new_password):
            await store.adelete(proxy_account(old_bare), self._timeout)
