"""Gemini Desk: a desktop chat client for Google Gemini models reached through API gateways."""

import sys

__version__ = "0.1.0"
# One id for the app everywhere: the AppStream metainfo, the Flatpak manifest and the macOS bundle.
APP_ID = "io.github.gemini_desk.GeminiDesk"

# httpx's __init__ imports its command-line client, which loads click, Pygments' terminal formatters and rich
# when they are installed (about 18 MB and 60-90 ms on the first request; encode/httpx#3547 moves it out). The
# app never runs that client: a None entry makes the import fail, and httpx then defines a stand-in ``main``.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not importable"
