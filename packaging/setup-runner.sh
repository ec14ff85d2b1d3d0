#!/usr/bin/env bash
# Prepare a release runner (any OS): system tools, the project's virtual environment, the translations.
#
#   bash packaging/setup-runner.sh
#
# Linux: nothing here (packaging/run-tests.sh runs scripts/dev test, which installs the Debian packages the
# tests and packages need). Windows: Inno Setup (Chocolatey). macOS: nothing (Xcode's tools are there). Then .venv with the dev, bench and package extras (the bench extra:
# tests/bench runs the benchmark scripts), and the compiled translations.
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*) choco install innosetup --no-progress -y ;;
esac
python -m venv .venv
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=.venv/Scripts/python.exe; fi
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet -e ".[dev,bench,package]"
mkdir -p app/translations
for ts in resources/translations/*.ts; do
    "$PY" -c "from PySide6.scripts.pyside_tool import lrelease; lrelease()" -silent "$ts" \
        -qm "app/translations/$(basename "${ts%.ts}").qm"
done
