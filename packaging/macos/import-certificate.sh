#!/usr/bin/env bash
# Put the Developer ID certificate into a throw-away keychain for this job (the release workflow, macOS).
#
#   bash packaging/macos/import-certificate.sh
#
# Needs MACOS_CERTIFICATE_P12 (base64), MACOS_CERTIFICATE_PASSWORD and MACOS_CODESIGN_IDENTITY. Without them
# the build is unsigned, and a warning on the run's summary says so (see packaging/README.md: Gatekeeper).
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
if [ -z "${MACOS_CERTIFICATE_P12:-}" ] || [ -z "${MACOS_CODESIGN_IDENTITY:-}" ]; then
    warn "macOS signing secrets are not set: this build is unsigned and not notarised (Gatekeeper will block it until the user allows it)"
    exit 0
fi
keychain="$RUNNER_TEMP/signing.keychain-db"
password="$(uuidgen)"
security create-keychain -p "$password" "$keychain"
security set-keychain-settings -lut 3600 "$keychain"
security unlock-keychain -p "$password" "$keychain"
echo "$MACOS_CERTIFICATE_P12" | base64 --decode >"$RUNNER_TEMP/cert.p12"
security import "$RUNNER_TEMP/cert.p12" -k "$keychain" -P "$MACOS_CERTIFICATE_PASSWORD" -T /usr/bin/codesign
security set-key-partition-list -S apple-tool:,apple: -s -k "$password" "$keychain"
security list-keychains -d user -s "$keychain" login.keychain-db
rm "$RUNNER_TEMP/cert.p12"
security find-identity -v -p codesigning "$keychain" | grep -F "$MACOS_CODESIGN_IDENTITY"
