"""Debug logging (``GEMINI_DESK_LOG=debug``) writes a log file from which every known secret is removed."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path
from urllib.parse import quote

from app.core.logs import LOG_FILE_NAME, AppLogging
from app.core.redaction import Redactor, secret_forms

KEY = "sk-log-test/K3y+v4=0123456789abcdef"


def test_secret_forms_cover_raw_percent_encoded_and_base64() -> None:
    forms = secret_forms(KEY)
    assert KEY in forms
    assert quote(KEY, safe="") in forms
    assert base64.b64encode(KEY.encode()).decode() in forms
    assert secret_forms("abc") == set(), "short values would redact ordinary words"


def test_the_debug_log_redacts_the_key_in_messages_arguments_urls_headers_and_tracebacks(
    tmp_path: Path,
) -> None:
    stderr = io.StringIO()
    logs = AppLogging(tmp_path, {"GEMINI_DESK_LOG": "debug"}, stream=stderr)
    try:
        logs.add_secret(KEY)
        log = logging.getLogger("app.test.leaky")
        log.debug("key in the message: %s", KEY)
        log.debug("in a URL: https://gw.example/v1beta/models?key=%s", quote(KEY, safe=""))
        log.debug("a header: Authorization: Basic %s", base64.b64encode(KEY.encode()).decode())
        try:
            raise ValueError(f"the gateway rejected {KEY}")
        except ValueError:
            log.exception("a failure quoting the key")
        log.warning("a warning with the key %r", KEY)
    finally:
        logs.close()

    text = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "key in the message: ***" in text
    assert "?key=***" in text
    assert "Basic ***" in text
    assert "ValueError: the gateway rejected ***" in text, "the traceback must be there, redacted"
    assert "a warning with the key '***'" in stderr.getvalue()
    for form in secret_forms(KEY):
        assert form not in text
        assert form not in stderr.getvalue()
    assert logs.level == logging.DEBUG


def test_without_the_variable_there_is_no_log_file_and_handlers_are_removed(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    logs = AppLogging(tmp_path, {}, stream=io.StringIO())
    assert len(root.handlers) == len(before) + 1
    logs.close()
    assert root.handlers == before
    assert not (tmp_path / LOG_FILE_NAME).exists()


def test_a_redactor_replaces_longer_forms_whole() -> None:
    redactor = Redactor([KEY, KEY[:10]])
    assert redactor.redact(f"[{KEY}]") == "[***]"
