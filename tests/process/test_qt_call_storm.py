import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("qt_call_storm.py")


@pytest.mark.timeout(300)
def test_process_survives_fifty_thousand_qt_calls_and_emits() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "50000"], capture_output=True, text=True, env=env, timeout=280
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "emits=50000 calls=50000" in result.stdout
    assert "Fatal Python error" not in result.stderr
