#!/usr/bin/env bash
# Build the PyInstaller bundle, check what is in it, and self-test it offscreen and on the real display.
#
#   bash packaging/build-bundle.sh
#
# Output: dist/gemini-desk/ (macOS: also "dist/Gemini Desk.app"). check-bundle.py refuses test code and,
# on Linux, a bundle without the xcb-util libraries. The second self-test (--self-test=display) loads the
# real Qt platform plugin, on Linux under Xvfb when there is no display: the offscreen one cannot see a
# missing libxcb-cursor. macOS: MACOS_TARGET_ARCH picks x86_64/arm64/universal2; MACOS_CODESIGN_IDENTITY
# makes PyInstaller sign (see the spec).
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export MACOS_TARGET_ARCH="${MACOS_TARGET_ARCH:-${TARGET_ARCH:-}}"  # the workflow's matrix arch
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build \
    packaging/gemini-desk.spec
"$PY" packaging/check-bundle.py dist/gemini-desk
# The command-line client starts and answers --help (a console program on every OS; docs/CLI.md).
cli="dist/gemini-desk/gemini-desk-cli"
[ -x "$cli" ] || cli="$cli.exe"
"$cli" --help >/dev/null
case "$(uname -s)" in
    Linux)
        dist/gemini-desk/gemini-desk --self-test
        on_display dist/gemini-desk/gemini-desk --self-test=display
        ;;
    Darwin)
        "dist/Gemini Desk.app/Contents/MacOS/gemini-desk" --self-test
        "dist/Gemini Desk.app/Contents/MacOS/gemini-desk" --self-test=display
        ;;
    *)
        # A windowed executable has no console: the report goes to %TEMP%\gemini-desk-self-test.txt.
        for mode in offscreen display; do
            report="$(cygpath -u "$TEMP")/gemini-desk-self-test.txt"
            rm -f "$report"
            status=0
            dist/gemini-desk/gemini-desk.exe --self-test="$mode" || status=$?
            cat "$report" 2>/dev/null || echo "no self-test report" >&2
            [ "$status" = 0 ] || exit "$status"
        done
        ;;
esac
du -sh dist/gemini-desk
