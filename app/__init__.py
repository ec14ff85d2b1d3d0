"""Gemini Desk: a desktop chat client for Google Gemini models reached through API gateways."""

__version__ = "0.1.0"
# One id for the app everywhere: the AppStream metainfo, the Flatpak manifest and the macOS bundle.
APP_ID = "io.github.gemini_desk.GeminiDesk"
