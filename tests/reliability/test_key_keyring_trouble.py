"""A keyring that is missing, locked or hanging: a clear message, a working app, a window that never freezes.

Each case runs the real app in a subprocess (``tests/process/key_runner.py trouble``) with the keyring
backend chosen by ``PYTHON_KEYRING_BACKEND``: keyring's own ``fail`` backend (no keyring at all), one that
raises ``KeyringLocked`` (locked, unlock dismissed) and one whose calls never return (an unlock prompt nobody
answers; the app gives up after its 10-second timeout). While the key is being looked up the user enters a key
"for this session only" and chats. In the hanging case the welcome page and a notice must come after a
moment, not after the timeout, and the event loop's worst lag during the hang is measured in the child.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.secrets import DEFAULT_TIMEOUT
from app.demo.server import GatewayDouble
from app.qt.controllers.setup_controller import KEYRING_PATIENCE

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-keyring-trouble-0123456789abcdef"
# The window must stay responsive while the keyring is asked: a blocked loop would stall for the whole 10-s
# timeout. Rendering the reply meanwhile costs about 0.1-0.2 s on a quiet machine and measured 0.7 s at a
# load of 5 on two cores, so the bound is on the gross failure only: well under the timeout it would show.
MAX_LAG = 3.0

CASES = {
    # backend, words the user must read, whether the lookup waits for the timeout
    "no-backend": ("keyring.backends.fail.Keyring", "No system keyring is available", False),
    "locked": ("tests.helpers.keyrings.LockedKeyring", "keyring is locked", False),
    "hanging": ("tests.helpers.keyrings.HangingKeyring", "did not answer within 10 seconds", True),
}


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    with GatewayDouble(KEY) as double:
        yield double


def _lines(output: str, prefix: str) -> list[str]:
    return [line[len(prefix) :] for line in output.splitlines() if line.startswith(prefix)]


@pytest.mark.timeout(90)
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_keyring_explains_itself_and_the_app_stays_usable(
    tmp_path: Path, gateway: GatewayDouble, case: str
) -> None:
    backend, words, waits = CASES[case]
    env = {k: v for k, v in os.environ.items() if k not in ("GEMINI_API_KEY", "GEMINI_DESK_DATA_DIR")}
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONUNBUFFERED": "1",
            "SESSION_KEY": KEY,
            "PYTHON_KEYRING_BACKEND": backend,
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.process.key_runner", "trouble", str(tmp_path), gateway.base_url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=80,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    out = done.stdout

    # The user could chat with a session key while the keyring was being asked, and after it gave up.
    assert _lines(out, "FINISHED ") == ["complete", "complete"], out[-3000:]
    source = _lines(out, "KEYSTATE ")[0].split(" ", 1)[0]
    assert source == "session", "the key the user chose for this session must survive the keyring's failure"
    errors = [json.loads(line.split(" ", 1)[1]) for line in _lines(out, "KEYSTATE_CHANGED ")]
    assert any(error and words in error for error in errors), errors
    # ...and was told, on screen, what is wrong with the keyring.
    status_texts = json.loads(_lines(out, "STATUS_TEXTS ")[0])
    assert any(words in text for text in status_texts), status_texts

    lookup = float(_lines(out, "LOOKUP ")[0])
    welcome = float(_lines(out, "WELCOME ")[0])
    if waits:
        assert DEFAULT_TIMEOUT - 0.5 <= lookup < DEFAULT_TIMEOUT + 5, lookup
        # Nobody has to wait the whole timeout: the welcome page (and a notice) come after a moment.
        assert welcome < KEYRING_PATIENCE + 2.0, welcome
        assert welcome < lookup - 5
        notice = status_texts[0]
        assert notice.startswith("Waiting for the system keyring"), status_texts
    else:
        assert lookup < DEFAULT_TIMEOUT, lookup
    lag = float(_lines(out, "LAG ")[0])
    print(f"{case}: lookup {lookup:.2f} s, worst event-loop lag {lag * 1000:.0f} ms")
    assert lag < MAX_LAG, f"the window froze for {lag:.3f} s while the keyring was asked"
    assert KEY not in out and KEY not in done.stderr
