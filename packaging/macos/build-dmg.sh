#!/usr/bin/env bash
# Build the macOS disk image from the PyInstaller .app; sign and notarise it when credentials are present.
#
#   bash packaging/macos/build-dmg.sh ["dist/Gemini Desk.app"] [OUT_DIR]
#
# Optional environment (all unset: an unsigned DMG, which Gatekeeper asks the user to confirm):
#   MACOS_CODESIGN_IDENTITY   a "Developer ID Application: …" identity in the keychain: signs the app
#                             (hardened runtime, packaging/macos/entitlements.plist) and the DMG
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#                             with a signing identity: notarise with notarytool and staple the ticket
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
APP="${1:-$ROOT/dist/Gemini Desk.app}"
OUT="${2:-$ROOT/dist}"
VERSION="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$APP/Contents/Info.plist")"
ARCH="$(uname -m)"
DMG="$OUT/GeminiDesk-$VERSION-macos-$ARCH.dmg"
IDENTITY="${MACOS_CODESIGN_IDENTITY:-}"

if [ -n "$IDENTITY" ]; then
    # Inside out: every library and extension module, then the app. --timestamp is required by notarisation.
    find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
        xargs -0 codesign --force --timestamp --options runtime \
            --entitlements "$ROOT/packaging/macos/entitlements.plist" --sign "$IDENTITY"
    codesign --force --timestamp --options runtime \
        --entitlements "$ROOT/packaging/macos/entitlements.plist" --sign "$IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"  # drag-to-install
mkdir -p "$OUT"
rm -f "$DMG"
hdiutil create -volname "Gemini Desk" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "$IDENTITY" ]; then
    codesign --force --timestamp --sign "$IDENTITY" "$DMG"
    if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
        xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
            --password "$APPLE_APP_PASSWORD" --wait
        xcrun stapler staple "$DMG"
    fi
fi
echo "$DMG"
