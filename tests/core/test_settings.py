from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from app.core.settings import (
    DEFAULT_BASE_URL,
    DEFAULT_MODEL,
    Settings,
    ValidationError,
    WindowState,
    default_generation,
    validate_base_url,
    validate_proxy_url,
)
from app.core.settings_store import SettingsRepair, SettingsStore
from app.core.texts import render

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "config" / "settings.json")


def _write(store: SettingsStore, data: Any) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps(data), encoding="utf-8")


def _customised() -> Settings:
    return Settings(
        base_url="http://127.0.0.1:8080/prefix",
        default_model="gemini-2.5-pro",
        proxy_mode="url",
        proxy_url="socks5h://proxy.local:1080",
        connect_timeout=5.5,
        idle_timeout=120.0,
        send_key="ctrl_enter",
        theme="dark",
        language="zh_CN",
        font_size=14,
        generation_defaults={**default_generation(), "temperature": 0.7, "custom": [1, 2]},
        window=WindowState(
            geometry="AdnQywADAAAA", splitter_sizes=(240, 900), last_conversation_id=42, last_model="m"
        ),
    )


def test_defaults() -> None:
    settings = Settings()
    assert settings.base_url == DEFAULT_BASE_URL == "https://gogogotoken.ai"
    assert settings.default_model == DEFAULT_MODEL == "gemini-2.5-flash"
    assert (settings.proxy_mode, settings.proxy_url) == ("system", "")
    assert (settings.connect_timeout, settings.idle_timeout) == (10.0, 300.0)
    assert (settings.send_key, settings.theme, settings.language) == ("enter", "system", "system")
    assert settings.generation_defaults["temperature"] is None


def test_missing_file_gives_defaults_without_warnings_or_writing(store: SettingsStore) -> None:
    assert store.load() == Settings()
    assert store.last_warnings == []
    assert not store.path.exists()


def test_save_then_load_round_trips_every_field(store: SettingsStore) -> None:
    settings = _customised()
    store.save(settings)

    assert SettingsStore(store.path).load() == settings


def test_save_leaves_no_temporary_files(store: SettingsStore) -> None:
    store.save(Settings())
    store.save(_customised())

    assert [p.name for p in store.path.parent.iterdir()] == ["settings.json"]


def test_failed_save_keeps_the_previous_file_intact(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(_customised())
    before = store.path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save(Settings())

    assert store.path.read_bytes() == before
    assert [p.name for p in store.path.parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize("content", ["{not json", "", "[1, 2]", '"text"', "\x00\xff"])
def test_corrupt_file_is_set_aside_and_defaults_are_used(store: SettingsStore, content: str) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content, encoding="utf-8", errors="surrogateescape")

    assert store.load() == Settings()

    aside = list(store.path.parent.glob("settings.json.broken-*"))
    assert len(aside) == 1
    assert aside[0].read_text(encoding="utf-8", errors="surrogateescape") == content
    assert not store.path.exists()
    assert any("broken-" in w for w in store.last_warnings)


def test_two_corrupt_files_in_the_same_second_are_both_kept(store: SettingsStore) -> None:
    for content in ("{bad one", "{bad two"):
        store.path.parent.mkdir(parents=True, exist_ok=True)
        store.path.write_text(content, encoding="utf-8")
        store.load()

    kept = sorted(p.read_text(encoding="utf-8") for p in store.path.parent.glob("settings.json.broken-*"))
    assert kept == ["{bad one", "{bad two"]


def test_invalid_bytes_are_not_valid_settings(store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b'{"theme": "\xff\xfe"}')

    assert store.load() == Settings()
    assert len(list(store.path.parent.glob("settings.json.broken-*"))) == 1


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("base_url", 12),
        ("base_url", "ftp://example.com"),
        ("default_model", ""),
        ("proxy_mode", "socks"),
        ("proxy_url", "ftp://proxy"),
        ("connect_timeout", "10"),
        ("connect_timeout", True),
        ("connect_timeout", -1),
        ("idle_timeout", 10**9),
        ("send_key", "shift_enter"),
        ("theme", None),
        ("language", "fr"),
        ("font_size", 12.5),
        ("font_size", 1000),
        ("generation_defaults", [1, 2]),
        ("window", "maximised"),
    ],
)
def test_a_wrong_field_falls_back_to_its_default_and_keeps_the_others(
    store: SettingsStore, name: str, bad: object
) -> None:
    _write(store, {"theme": "dark", "default_model": "kept-model", name: bad})

    settings = store.load()

    assert getattr(settings, name) == getattr(Settings(), name)
    if name != "theme":
        assert settings.theme == "dark"
    if name != "default_model":
        assert settings.default_model == "kept-model"
    assert any(name in w for w in store.last_warnings)


def test_wrong_window_fields_fall_back_individually(store: SettingsStore) -> None:
    window = {"geometry": "abc", "splitter_sizes": [200, "x"], "last_conversation_id": "7", "last_model": "m"}
    _write(store, {"window": window})

    loaded = store.load().window

    assert loaded == WindowState(geometry="abc", last_model="m")
    assert len(store.last_warnings) == 2


def test_a_reset_field_is_reported_and_the_file_as_it_was_is_kept(store: SettingsStore) -> None:
    _write(store, {"base_url": "htp://my-gateway", "theme": "dark", "idle_timeout": -1})
    original = store.path.read_bytes()

    settings = store.load()

    assert settings.base_url == DEFAULT_BASE_URL and settings.theme == "dark"
    repair = store.repair
    assert repair is not None and not repair.unreadable
    assert repair.reset_fields == ("base_url", "idle_timeout")
    kept = store.path.with_name(repair.kept_as)
    assert kept.name.startswith("settings.json.broken-") and kept.read_bytes() == original
    # The next save writes the repaired settings; the user's wrong values survive in the copy.
    store.save(settings)
    assert b"htp://my-gateway" not in store.path.read_bytes()
    assert kept.read_bytes() == original


def test_window_fields_alone_are_repaired_without_a_notice_or_a_copy(store: SettingsStore) -> None:
    _write(store, {"window": {"splitter_sizes": "wide"}})

    store.load()

    assert store.repair is None
    assert len(store.last_warnings) == 1
    assert list(store.path.parent.iterdir()) == [store.path]


def test_a_good_file_needs_no_repair(store: SettingsStore) -> None:
    store.save(_customised())
    assert store.load() == _customised()
    assert store.repair is None


def test_a_corrupt_file_is_reported_as_unreadable_with_its_copy(store: SettingsStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{half", encoding="utf-8")

    store.load()

    repair = store.repair
    assert repair is not None and repair.unreadable and repair.reset_fields == ()
    assert store.path.with_name(repair.kept_as).read_text(encoding="utf-8") == "{half"


def test_a_settings_path_that_cannot_be_read_is_moved_aside_so_saving_cannot_destroy_it(
    store: SettingsStore,
) -> None:
    store.path.mkdir(parents=True)  # reading a folder fails the way an unreadable file does
    (store.path / "inside.txt").write_text("user data", encoding="utf-8")

    assert store.load() == Settings()

    repair = store.repair
    assert repair is not None and repair.unreadable and repair.reason
    kept = store.path.with_name(repair.kept_as)
    assert (kept / "inside.txt").read_text(encoding="utf-8") == "user data"
    store.save(_customised())
    assert store.load() == _customised()


def test_a_repair_that_cannot_keep_a_copy_says_why(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(store, {"theme": "purple"})

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # The copy is written as a new private file next to the settings (root ignores folder permissions).
    monkeypatch.setattr("app.core.private_files.tempfile.mkstemp", refuse)
    store.load()

    assert store.repair == SettingsRepair(reset_fields=("theme",), reason="Permission denied")


def test_stored_base_url_is_normalised_on_load(store: SettingsStore) -> None:
    _write(store, {"base_url": " https://Example.COM/v1beta/ "})
    assert store.load().base_url == "https://example.com"


def test_stored_generation_defaults_gain_new_keys_and_keep_unknown_ones(store: SettingsStore) -> None:
    _write(store, {"generation_defaults": {"temperature": 1.2, "future_option": "x"}})

    generation = store.load().generation_defaults

    assert generation["temperature"] == 1.2
    assert generation["future_option"] == "x"
    assert set(default_generation()) <= set(generation)


def test_unknown_keys_are_ignored_and_not_written_back(store: SettingsStore) -> None:
    _write(store, {"theme": "light", "api_key": "sk-should-not-survive", "something_new": 1})

    settings = store.load()
    assert settings.theme == "light"
    assert store.last_warnings == []

    store.save(settings)
    text = store.path.read_text(encoding="utf-8")
    assert "sk-should-not-survive" not in text
    assert "api_key" not in text
    assert "something_new" not in text


def test_the_api_key_never_reaches_the_settings_file(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "test-key-0123456789abcdef"
    monkeypatch.setenv("GEMINI_API_KEY", secret)

    with pytest.raises(TypeError):
        Settings(api_key=secret)  # type: ignore[call-arg]
    assert not [f.name for f in dataclasses.fields(Settings) if "api" in f.name or "secret" in f.name]

    store.save(_customised())
    assert secret not in store.path.read_text(encoding="utf-8")


def test_file_is_readable_json_with_a_version(store: SettingsStore) -> None:
    store.save(_customised())
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["window"]["splitter_sizes"] == [240, 900]
    assert data["language"] == "zh_CN"


def test_validate_base_url_keeps_what_the_one_normaliser_makes() -> None:
    # The rule itself is pinned by the table in tests/core/test_urls.py.
    assert validate_base_url(" gogogotoken.ai/v1beta/ ") == "https://gogogotoken.ai"
    assert validate_base_url("https://host:443/proxy/v1/x/y") == "https://host/proxy"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ftp://host",
        "https://",
        "https://host name",
        "http://host:x",
        "https://host:99999",
        "https://user:pw@host",
        "https://host/?key=LEAKED-test-key",
        "https://host/#frag",
    ],
)
def test_validate_base_url_rejects_with_english_and_chinese_messages(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_base_url(typed)

    error = caught.value
    english, chinese = render(error.user_message(), "en"), render(error.user_message(), "zh_CN")
    assert english == str(error)
    assert english and not CJK.search(english)
    assert CJK.search(chinese)
    assert render(error.user_message(), "zh") == chinese
    # Whatever was typed (possibly a key pasted into the wrong field) is never echoed back.
    if typed.strip():
        assert typed.strip() not in english + chinese
    assert "LEAKED" not in english + chinese


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("http://127.0.0.1:7890", "http://127.0.0.1:7890"),
        (" HTTPS://proxy:3128/ ", "https://proxy:3128"),
        ("socks5://proxy:1080", "socks5://proxy:1080"),
        ("socks5h://user:pw@proxy:1080", "socks5h://user:pw@proxy:1080"),
    ],
)
def test_validate_proxy_url_accepts_supported_schemes(typed: str, expected: str) -> None:
    assert validate_proxy_url(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "127.0.0.1:7890", "socks4://proxy:1080", "http://", "http://proxy:1080/path", "http://proxy:x"],
)
def test_validate_proxy_url_rejects(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_proxy_url(typed)
    assert render(caught.value.user_message(), "en")
    assert CJK.search(render(caught.value.user_message(), "zh_CN"))
