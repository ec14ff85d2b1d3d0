"""The one rule for removing secrets from text: every form a secret travels in, replaced by ``***``.

Used by the log formatter and by every error text that is shown or stored (``messages.error_json``), because
a gateway may echo a rejected key in any of those forms: as is, percent-encoded (in a URL or a form body) and
base64-encoded, standard or URL-safe, with or without padding (an ``Authorization: Basic`` header, a data
URL).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

REDACTED = "***"
# Shorter strings would redact ordinary words; a real key is always much longer.
_MIN_SECRET_LENGTH = 6


def secret_forms(secret: str) -> set[str]:
    """The ways ``secret`` can appear in text: as is, percent-encoded, and base64-encoded.

    Returns:
        The distinct forms, empty for a secret too short to redact safely.
    """
    secret = secret.strip()
    if len(secret) < _MIN_SECRET_LENGTH:
        return set()
    raw = secret.encode("utf-8")
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        forms.add(text)
        forms.add(text.rstrip("="))
    return forms


class Redactor:
    """The secrets known so far, and their removal from text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._forms: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Redact ``secret`` (in all its forms) from now on; None or a too short value is ignored."""
        if not secret:
            return
        known = set(self._forms)
        # Longest first, so a form that contains another is replaced whole.
        self._forms = sorted(known | secret_forms(secret), key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Return ``text`` with every known secret replaced by ``***``."""
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        return text


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every form of each of ``secrets`` replaced by ``***``."""
    return Redactor(secrets).redact(text)
