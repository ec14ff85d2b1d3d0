"""Application settings: a JSON file in the config directory.

The API key is deliberately absent: it lives in the OS keyring (see ``app.core.secrets``), so there is no
field that could carry it, and unknown keys found in the file are dropped on the next save.

Reading and writing the file, and repairing a damaged one, is ``app.core.settings_store``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from app.core.gemini.config import PROXY_SCHEMES
from app.core.gemini.urls import BaseUrlError, normalize_base_url
from app.core.proxy_credentials import without_password
from app.core.texts import REFERENCE, Text, render

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://gogogotoken.ai"
DEFAULT_MODEL = "gemini-2.5-flash"
SETTINGS_VERSION = 1

ProxyMode = Literal["system", "none", "url"]
SendKey = Literal["enter", "ctrl_enter"]
Theme = Literal["system", "light", "dark", "contrast"]
Language = Literal["system", "en", "zh_CN"]
KeyStorage = Literal["keyring", "file"]

PROXY_MODES: tuple[ProxyMode, ...] = ("system", "none", "url")
SEND_KEYS: tuple[SendKey, ...] = ("enter", "ctrl_enter")
THEMES: tuple[Theme, ...] = ("system", "light", "dark", "contrast")
LANGUAGES: tuple[Language, ...] = ("system", "en", "zh_CN")
KEY_STORAGES: tuple[KeyStorage, ...] = ("keyring", "file")


class ValidationError(ValueError):
    """A user-entered value was rejected; ``str(error)`` is the reason in English, for logs.

    Messages never echo the rejected input: people paste keys into the wrong field.

    Attributes:
        code: What is wrong: the code of the reason's text in the catalogues of ``app.core.texts``.
    """

    def __init__(self, code: str) -> None:
        super().__init__(render(Text(code), REFERENCE))
        self.code = code

    def user_message(self) -> Text:
        """The reason, to be worded in the UI language."""
        return Text(self.code)


def validate_base_url(url: str) -> str:
    """Check and normalise a gateway base URL with ``app.core.gemini.urls.normalize_base_url``.

    Args:
        url: What the user typed.

    Returns:
        The normalised URL, e.g. ``https://host`` or ``http://127.0.0.1:8080/prefix``.

    Raises:
        ValidationError: The URL cannot be a gateway address.
    """
    try:
        return normalize_base_url(url)
    except BaseUrlError as error:
        # One code per way a base URL can be refused (`app.core.gemini.urls` decides which).
        raise ValidationError(f"settings.base_url.{error.problem}") from None


def validate_proxy_url(url: str) -> str:
    """Check a proxy URL such as ``http://127.0.0.1:7890`` or ``socks5h://proxy:1080``.

    Args:
        url: What the user typed.

    Returns:
        The URL with spaces and a trailing slash removed and the scheme lower-cased.

    Raises:
        ValidationError: Not an http, https, socks5 or socks5h URL with a host.
    """
    text = url.strip().rstrip("/")
    bad_scheme = ValidationError("settings.proxy.scheme")
    if not text:
        raise ValidationError("settings.proxy.empty")
    if any(ch.isspace() for ch in text):
        raise ValidationError("settings.proxy.spaces")
    if "://" not in text:
        raise bad_scheme
    try:
        parts = urlsplit(text)
        _ = parts.port
    except ValueError:
        raise ValidationError("settings.proxy.invalid") from None
    scheme = parts.scheme.lower()
    if scheme not in PROXY_SCHEMES:
        raise bad_scheme
    if not parts.hostname:
        raise ValidationError("settings.proxy.no_host")
    if parts.path or parts.query or parts.fragment:
        raise ValidationError("settings.proxy.path")
    return urlunsplit((scheme, parts.netloc, "", "", ""))


def default_generation() -> dict[str, Any]:
    """Default generation parameters for new conversations (None means "let the model decide")."""
    return {
        "temperature": None,
        "top_p": None,
        "top_k": None,
        "max_output_tokens": None,
        "thinking_budget": None,
        "thinking_level": None,
        "include_thoughts": True,
        "system_instruction": "",
    }


@dataclass(frozen=True)
class WindowState:
    """Where the main window was, restored at the next start.

    Attributes:
        geometry: ``QWidget.saveGeometry()`` as base64 text ("" when never saved).
        splitter_sizes: The main splitter's pane sizes.
        last_conversation_id: The conversation that was open, reopened at start.
        last_model: The model chosen last.
        last_folder: The folder a file was last chosen in (file dialogs start there).
    """

    geometry: str = ""
    splitter_sizes: tuple[int, ...] = ()
    last_conversation_id: int | None = None
    last_model: str = ""
    last_folder: str = ""


@dataclass(frozen=True)
class Settings:
    """Everything the user can configure. Immutable: change it with ``dataclasses.replace``.

    Attributes:
        base_url: The gateway's base URL, normalised by ``validate_base_url``.
        default_model: The model new conversations start with.
        proxy_mode: "system" (environment / OS proxy), "none", or "url" (``proxy_url``).
        proxy_url: The proxy for ``proxy_mode == "url"``; may include proxy credentials. Its password is
            never written to disk (``settings_to_dict``): the keyring holds it (``app.core.proxy_password``).
        connect_timeout: Seconds to wait for a connection.
        idle_timeout: Seconds without a byte from the gateway before a stream is abandoned.
        send_key: "enter" (Enter sends, Shift+Enter breaks the line) or "ctrl_enter" (Ctrl+Enter sends,
            Enter breaks the line).
        theme: "system", "light", "dark" or "contrast" (high contrast).
        language: "system", "en" or "zh_CN".
        font_size: Transcript font size in points, or None for the platform default.
        generation_defaults: Generation parameters for new conversations; opaque here, interpreted by the chat
            layer. See ``default_generation``. Treat as read-only.
        window: Window state restored at start.
        check_updates: Ask the release feed for a newer version at most once a day (never in the demo).
        update_feed_url: The release feed (GitHub Releases API shape); "" means the project's own.
        last_update_check: When the feed was last asked (Unix time), or None.
        tools: MCP servers and tool options; opaque here, read by ``app.core.tools.service.ToolSettings``
            (secret values of servers are in the keyring, never here). Treat as read-only.
        key_storage: "keyring", or "file" once the user chose to keep the key in a file only they can read
            (``app.core.key_file``); never set to "file" by the app on its own.
    """

    base_url: str = DEFAULT_BASE_URL
    default_model: str = DEFAULT_MODEL
    proxy_mode: ProxyMode = "system"
    proxy_url: str = field(default="", repr=False)
    connect_timeout: float = 10.0
    idle_timeout: float = 300.0
    send_key: SendKey = "enter"
    theme: Theme = "system"
    language: Language = "system"
    font_size: int | None = None
    generation_defaults: dict[str, Any] = field(default_factory=default_generation)
    window: WindowState = field(default_factory=WindowState)
    check_updates: bool = True
    update_feed_url: str = ""
    last_update_check: float | None = None
    key_storage: KeyStorage = "keyring"
    tools: dict[str, Any] = field(default_factory=dict)


class _Invalid(Exception):
    """A stored value that cannot be used; the field falls back to its default."""


def _choice(allowed: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        raise _Invalid

    return check


def _number(low: float, high: float) -> Callable[[object], float]:
    def check(value: object) -> float:
        # bool is an int subclass; `true` is never a meaningful timeout.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Invalid
        number = float(value)
        if not math.isfinite(number) or not low <= number <= high:
            raise _Invalid
        return number

    return check


def _optional_int(low: int, high: int) -> Callable[[object], int | None]:
    def check(value: object) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Invalid
        return value

    return check


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise _Invalid


def _model_name(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _Invalid


def _base_url(value: object) -> str:
    try:
        return validate_base_url(_text(value))
    except ValidationError:
        raise _Invalid from None


def _proxy_url(value: object) -> str:
    text = _text(value)
    if not text.strip():
        return ""
    try:
        return validate_proxy_url(text)
    except ValidationError:
        raise _Invalid from None


def _generation(value: object) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _Invalid
    # Keys missing from an older file get today's defaults; keys this version does not know are kept, because
    # the chat layer owns their meaning.
    return {**default_generation(), **value}


def _tools(value: object) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _Invalid
    return dict(value)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Invalid


def _feed_url(value: object) -> str:
    text = _text(value).strip()
    if text and not text.startswith(("https://", "http://")):
        raise _Invalid
    return text


def _optional_time(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise _Invalid
    return float(value)


def _sizes(value: object) -> tuple[int, ...]:
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
    ):
        return tuple(value)
    raise _Invalid


def _conversation_id(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise _Invalid


_SETTINGS_RULES: dict[str, Callable[[object], Any]] = {
    "base_url": _base_url,
    "default_model": _model_name,
    "proxy_mode": _choice(PROXY_MODES),
    "proxy_url": _proxy_url,
    "key_storage": _choice(KEY_STORAGES),
    "connect_timeout": _number(0.5, 600.0),
    "idle_timeout": _number(5.0, 7200.0),
    "send_key": _choice(SEND_KEYS),
    "theme": _choice(THEMES),
    "language": _choice(LANGUAGES),
    "font_size": _optional_int(6, 72),
    "generation_defaults": _generation,
    "tools": _tools,
    "check_updates": _flag,
    "update_feed_url": _feed_url,
    "last_update_check": _optional_time,
}

_WINDOW_RULES: dict[str, Callable[[object], Any]] = {
    "geometry": _text,
    "splitter_sizes": _sizes,
    "last_conversation_id": _conversation_id,
    "last_model": _text,
    "last_folder": _text,
}


def _decode_fields(
    raw: dict[str, Any], rules: dict[str, Callable[[object], Any]], where: str
) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    invalid: list[str] = []
    for name, rule in rules.items():
        if name not in raw:
            continue
        try:
            values[name] = rule(raw[name])
        except _Invalid:
            invalid.append(f"{where}{name}")
    return values, invalid


def settings_from_dict(raw: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Build settings from decoded JSON, field by field.

    Args:
        raw: The decoded JSON object.

    Returns:
        The settings (defaults for missing or invalid fields, unknown keys ignored) and the names of the
        fields that were replaced by their defaults (``window.`` fields with that prefix).
    """
    values, invalid = _decode_fields(raw, _SETTINGS_RULES, "")
    window_raw = raw.get("window")
    if isinstance(window_raw, dict):
        window_values, window_invalid = _decode_fields(window_raw, _WINDOW_RULES, "window.")
        values["window"] = WindowState(**window_values)
        invalid += window_invalid
    elif window_raw is not None:
        invalid.append("window")
    return Settings(**values), invalid


def settings_to_dict(settings: Settings, *, keep_proxy_password: bool = False) -> dict[str, Any]:
    """The JSON object written to disk (with a format version for future migrations).

    Args:
        settings: The settings in force.
        keep_proxy_password: Write the proxy URL's password too. Only while a password found in an older
            file could not be moved to the keyring: dropping it then would lose it.
    """
    data: dict[str, Any] = {"version": SETTINGS_VERSION}
    for item in fields(Settings):
        value = getattr(settings, item.name)
        data[item.name] = asdict(value) if isinstance(value, WindowState) else value
    if not keep_proxy_password:
        data["proxy_url"] = without_password(settings.proxy_url)
    data["window"]["splitter_sizes"] = list(settings.window.splitter_sizes)
    return data
