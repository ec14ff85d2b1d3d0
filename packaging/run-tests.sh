#!/usr/bin/env bash
# Run the tests that apply to this OS, strictly, against this OS's real keyring.
#
#   bash packaging/run-tests.sh [PYTEST ARGS...]
#
# GEMINI_DESK_STRICT=1: a test whose tool or service is missing fails instead of skipping (tests that cannot
# apply to this OS, such as the .deb tests on Windows, skip by platform). GEMINI_DESK_REAL_KEYRING=1: the
# keyring tests use the real service: on Linux the Secret Service of a private D-Bus session with an unlocked
# gnome-keyring (scripts/dev test sets that up, with ruff, mypy and import-linter first); on macOS the
# runner's login Keychain; on Windows the Credential Manager.
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export GEMINI_DESK_STRICT=1 QT_QPA_PLATFORM=offscreen
case "$(uname -s)" in
    Linux)
        exec bash scripts/dev test -q -p no:cacheprovider "$@"
        ;;
    *)
        # The static checks do not depend on the OS: Linux runs them.
        export GEMINI_DESK_REAL_KEYRING=1
        exec "$PY" -m pytest -q -p no:cacheprovider "$@"
        ;;
esac
