#!/usr/bin/env bash
# Make the macOS artefacts from the built .app: the DMG (Homebrew, people) and the zipped .app (self-update).
#
#   bash packaging/macos/package.sh [OUT_DIR]          (default dist/release; after packaging/build-bundle.sh)
#
# Signing happens in the spec (PyInstaller's codesign_identity and entitlements_file sign every binary and
# the app, inside out, with the hardened runtime). Here, with MACOS_CODESIGN_IDENTITY: verify the signature
# (codesign --verify --deep --strict), sign the DMG, and with APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD
# notarise it (the submission must end "Accepted"), staple the ticket, and check Gatekeeper's verdict with
# spctl. Without the secrets: unsigned artefacts and a visible warning. The DMG is mounted and the app in it
# self-tested either way.
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
OUT="$(mkdir -p "${1:-$ROOT/dist/release}" && cd "${1:-$ROOT/dist/release}" && pwd)"
APP="$ROOT/dist/Gemini Desk.app"
ARCH="${TARGET_ARCH:-$(uname -m)}"
DMG="$OUT/GeminiDesk-$VERSION-macos-$ARCH.dmg"
ZIP="$OUT/GeminiDesk-$VERSION-macos-$ARCH.app.zip"
IDENTITY="${MACOS_CODESIGN_IDENTITY:-}"
NOTARISE=""
if [ -n "$IDENTITY" ] && [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    NOTARISE=1
fi

/usr/libexec/PlistBuddy -c 'Print :LSMinimumSystemVersion' "$APP/Contents/Info.plist"
lipo -archs "$APP/Contents/MacOS/gemini-desk"
if [ -n "$IDENTITY" ]; then
    codesign --verify --deep --strict --verbose=2 "$APP"
else
    warn "unsigned macOS build: Gatekeeper asks users to allow it in System Settings > Privacy & Security"
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"; hdiutil detach "$STAGE.mount" >/dev/null 2>&1 || true' EXIT
ditto "$APP" "$STAGE/Gemini Desk.app"
ln -s /Applications "$STAGE/Applications"  # drag-to-install
rm -f "$DMG"
hdiutil create -volname "Gemini Desk" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"

notarise() {
    local file=$1 log
    log="$(xcrun notarytool submit "$file" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait --output-format plist)"
    echo "$log"
    if [ "$(/usr/libexec/PlistBuddy -c 'Print :status' /dev/stdin <<<"$log")" != Accepted ]; then
        echo "package.sh: notarisation of $(basename "$file") did not succeed" >&2
        exit 1
    fi
}
if [ -n "$IDENTITY" ]; then
    codesign --force --timestamp --sign "$IDENTITY" "$DMG"
    if [ -n "$NOTARISE" ]; then
        notarise "$DMG"
        xcrun stapler staple "$DMG"
        xcrun stapler validate "$DMG"
        spctl -a -vv -t open --context context:primary-signature "$DMG"
    else
        warn "no notarisation credentials (APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD): the DMG is signed, not notarised"
    fi
fi

# The app inside the DMG is what users get: mount it and self-test that copy.
hdiutil attach -nobrowse -mountpoint "$STAGE.mount" "$DMG"
"$STAGE.mount/Gemini Desk.app/Contents/MacOS/gemini-desk" --self-test
if [ -n "$NOTARISE" ]; then
    spctl -a -vv "$STAGE.mount/Gemini Desk.app"
fi
hdiutil detach "$STAGE.mount"

# The self-update file: the same (signed, and when notarised stapled) app, zipped with its metadata.
if [ -n "$NOTARISE" ]; then
    xcrun stapler staple "$APP"
fi
ditto -c -k --keepParent "$APP" "$ZIP"
ls -l "$OUT"
