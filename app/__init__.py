"""Gemini Desk: a desktop chat client for Google Gemini models reached through API gateways."""

__version__ = "0.1.0"
