"""Whether a test whose tools or services are missing must fail instead of skipping.

``.ci/run`` and the release workflow's test script set ``GEMINI_DESK_STRICT=1``: there a silent skip would
hide a broken package build or an untested keyring. Outside them (a developer's machine, or GitHub's ``CI``
variable alone) a missing tool is a skip. Tests that cannot apply to this OS at all (the .deb tests on
Windows) skip by platform, not through this switch.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

STRICT_VARIABLE = "GEMINI_DESK_STRICT"


def is_strict() -> bool:
    """True when missing tools or services must fail the run."""
    return os.environ.get(STRICT_VARIABLE) == "1"


def missing(message: str) -> NoReturn:
    """Skip the test for ``message``, or fail it when the run is strict."""
    if is_strict():
        pytest.fail(f"{STRICT_VARIABLE}=1 requires this: {message}")
    pytest.skip(message)
