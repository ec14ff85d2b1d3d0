"""The API key never leaks: a whole session in a real app process, then every byte it wrote is searched.

The session (``tests/process/key_runner.py session``) enters the key on the welcome page and saves it to the
keyring (the real Secret Service when ``GEMINI_DESK_REAL_KEYRING=1``, else an in-memory backend), chats (the
first reply is a 401 whose body quotes the key), changes a setting, exports the conversation in both formats
and quits, with debug logging on (``GEMINI_DESK_LOG=debug``). With a real keyring, more processes follow:
one finds the key in the keyring after the restart and chats with it, one replaces it in Settings (another
process reads the new key from the Secret Service), one clicks "Forget key" (the entry is gone).

Afterwards the key, percent-encoded and base64-encoded, must appear nowhere: not in any file under the data
directory (database, settings, cache, logs, exports) or the process's home and XDG directories, not in
stdout/stderr, not in anything the window showed, not in a request URL. Requests went only to the configured
gateway: the gateway configured before (with no key for it) received nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.logs import LOG_FILE_NAME
from app.core.redaction import secret_forms
from app.core.secrets import KeyStore, account_for_base_url
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble

ROOT = Path(__file__).resolve().parents[2]
# Characters that change under percent-encoding, so the encoded form is a different string to search for.
KEY = "sk-leak-test/K3y+v4=7d1f0c9b2e8a4f63&x_QZ"
NEW_KEY = "sk-leak-test-replacement/9c2e+Qw=55aa77bb"
REAL_KEYRING = os.environ.get("GEMINI_DESK_REAL_KEYRING") == "1"

ECHO_401 = Scenario(
    "echo-key-401",
    status=401,
    error={
        "error": {
            "message": f"Invalid token: Bearer {KEY} is not a valid key (request id: 20250101000000abc)",
            "type": "new_api_error",
            "code": "invalid_token",
        }
    },
)


@pytest.fixture
def gateways() -> Iterator[tuple[GatewayDouble, GatewayDouble]]:
    gateway, old = GatewayDouble(KEY), GatewayDouble(KEY)
    gateway.start()
    old.start()
    try:
        yield gateway, old
    finally:
        gateway.stop()
        old.stop()


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GEMINI_API_KEY", "GEMINI_DESK_DATA_DIR", "PYTHON_KEYRING_BACKEND")
    }
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONUNBUFFERED": "1",
            "SESSION_KEY": KEY,
            "GEMINI_DESK_LOG": "debug",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if not REAL_KEYRING:
        env["PYTHON_KEYRING_BACKEND"] = "tests.helpers.keyrings.MemoryKeyring"
    return env


def _run(mode: str, tmp_path: Path, *urls: str, key: str = KEY) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.process.key_runner", mode, str(tmp_path / "data"), *urls],
        cwd=ROOT,
        env={**_env(tmp_path), "SESSION_KEY": key},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done


def _lines(output: str, prefix: str) -> list[str]:
    return [line[len(prefix) :] for line in output.splitlines() if line.startswith(prefix)]


def _hits(data: bytes) -> list[str]:
    forms = secret_forms(KEY) | secret_forms(NEW_KEY)
    return [form for form in sorted(forms) if form.encode("utf-8") in data]


@pytest.mark.timeout(180)
def test_a_whole_session_leaves_the_key_nowhere_but_the_keyring(
    tmp_path: Path, gateways: tuple[GatewayDouble, GatewayDouble]
) -> None:
    gateway, old = gateways
    gateway.queue_scenarios(ECHO_401)
    outputs = []
    try:
        session = _run("session", tmp_path, old.base_url, gateway.base_url)
        outputs.append(session)
        out = session.stdout
        assert _lines(out, "KEYSTATE ") == ["keyring"]
        assert _lines(out, "FINISHED ") == ["error", "complete"]
        seen = {entry["when"]: entry for entry in map(json.loads, _lines(out, "SEEN "))}
        assert seen["start"]["welcome_visible"]
        # The 401 was shown to the user, with the gateway's words, the key replaced.
        after_401 = json.dumps(seen["after-401"], ensure_ascii=False)
        assert "401" in after_401 and "Invalid token" in after_401, after_401
        assert "***" in after_401
        field = json.loads(_lines(out, "KEYFIELD ")[0])
        assert field == {"masked": True, "revealed": True, "masked_again": True, "holds_key": True}
        assert _lines(out, "EXPORTED ") == ["conversation.md True", "conversation.json True"]

        if REAL_KEYRING:
            # The key comes back from the Secret Service in a new process, and works.
            restart = _run("restart", tmp_path, gateway.base_url)
            outputs.append(restart)
            assert _lines(restart.stdout, "KEYSTATE ") == ["keyring"]
            assert _lines(restart.stdout, "FINISHED ") == ["complete"]
            # Replaced in Settings: the keyring holds the new key, as another process sees it.
            replace = _run("replace", tmp_path, gateway.base_url, key=NEW_KEY)
            outputs.append(replace)
            assert _lines(replace.stdout, "REPLACED ") == ["keyring True"]
            assert KeyStore().get(account_for_base_url(gateway.base_url)) == NEW_KEY
            # Forgotten in Settings: gone from the keyring; the next start asks for a key again.
            forget = _run("forget", tmp_path, gateway.base_url)
            outputs.append(forget)
            assert _lines(forget.stdout, "KEYSTATE ") == ["keyring"]
            assert _lines(forget.stdout, "FORGOTTEN ") == ["none"]
            assert KeyStore().get(account_for_base_url(gateway.base_url)) is None
    finally:
        if REAL_KEYRING:
            KeyStore().delete(account_for_base_url(gateway.base_url))

    # The files: everything under the data directory and the fake home, whatever wrote it.
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    names = {path.relative_to(tmp_path / "data").as_posix() for path in written if "data" in path.parts}
    assert {"gemini-desk.sqlite3", "config/settings.json", f"logs/{LOG_FILE_NAME}"} <= names, names
    assert {"exports/conversation.md", "exports/conversation.json"} <= names
    log = (tmp_path / "data" / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "DEBUG" in log and gateway.base_url in log, "debug logging did not record the requests"
    export = (tmp_path / "data" / "exports" / "conversation.md").read_text(encoding="utf-8")
    assert "Second question about secrets" in export
    leaks = {str(path): _hits(path.read_bytes()) for path in written}
    assert {path: hits for path, hits in leaks.items() if hits} == {}
    for done in outputs:
        assert _hits(done.stdout.encode()) == [], "the key reached stdout"
        assert _hits(done.stderr.encode()) == [], "the key reached stderr"

    # The wire: the key only in the Authorization header, never in a URL; nothing to the old gateway.
    requests = gateway.requests
    assert any(r.path.endswith(":streamGenerateContent") for r in requests)
    for request in requests:
        assert "key" not in request.query
        assert _hits(request.path.encode()) == []
        assert request.headers.get("authorization", "").startswith("Bearer ")
    assert old.requests == [], [(r.method, r.path) for r in old.requests]
