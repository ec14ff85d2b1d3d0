"""The one rule for removing secrets from text: every form a secret travels in, replaced by ``***``.

Used by the log formatter and by every error text that is shown or stored (``messages.error_json``), because
a gateway may echo a rejected key in any of those forms: as is, in any letter case, without its ``sk-``
prefix (new-api and one-api keep a token without it), percent-encoded (in a URL or a form body), hex, and
base64-encoded, standard or URL-safe, with or without padding, also where the key follows other bytes in the
encoded text (``Authorization: Basic`` encodes ``user:key``, so the key's own encoding is not a substring of
it unless ``user:`` is a multiple of three bytes long).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, quote_plus

REDACTED = "***"
# Shorter strings would redact ordinary words; a real key is always much longer.
_MIN_SECRET_LENGTH = 6
# The shortest part of a base64 encoding shifted by other bytes worth redacting (shorter: ordinary words).
_MIN_SHIFTED_LENGTH = 8


def secret_forms(secret: str) -> set[str]:
    """The ways ``secret`` can appear in text: as is, without ``sk-``, percent-encoded, hex and base64.

    Returns:
        The distinct forms, empty for a secret too short to redact safely.
    """
    secret = secret.strip()
    if len(secret) < _MIN_SECRET_LENGTH:
        return set()
    forms: set[str] = set()
    bare = secret[3:] if secret[:3].lower() == "sk-" else ""
    for value in (secret, bare) if len(bare) >= _MIN_SECRET_LENGTH else (secret,):
        raw = value.encode("utf-8")
        forms |= {value, quote(value, safe=""), quote_plus(value), raw.hex()}
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(raw).decode("ascii")
            forms |= {text, text.rstrip("=")}
            forms |= _shifted_base64(raw, encode)
    return forms


def _shifted_base64(raw: bytes, encode: Callable[[bytes], bytes]) -> set[str]:
    """The part of the base64 of ``raw`` that is the same whatever one or two bytes come before it."""
    shifted = set()
    for offset in (1, 2):
        encoded = encode(b"\0" * offset + raw).decode("ascii")
        # The first group mixes the bytes before with the key's; the last may mix the key's with what follows.
        stable = encoded[4 : 4 * ((offset + len(raw)) // 3)]
        if len(stable) >= _MIN_SHIFTED_LENGTH:
            shifted.add(stable)
    return shifted


class Redactor:
    """The secrets known so far, and their removal from text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._forms: list[str] = []
        self._pattern: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Redact ``secret`` (in all its forms) from now on; None or a too short value is ignored."""
        if not secret:
            return
        known = set(self._forms)
        # Longest first, so a form that contains another is replaced whole.
        self._forms = sorted(known | secret_forms(secret), key=len, reverse=True)
        if self._forms:
            # In any letter case: a gateway may echo a key upper-cased (base64 forms too: harmless, and rare).
            self._pattern = re.compile("|".join(map(re.escape, self._forms)), re.IGNORECASE)

    def redact(self, text: str) -> str:
        """Return ``text`` with every known secret replaced by ``***``."""
        return self._pattern.sub(REDACTED, text) if self._pattern is not None else text


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every form of each of ``secrets`` replaced by ``***``."""
    return Redactor(secrets).redact(text)
