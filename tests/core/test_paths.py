from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from app.core.paths import APP_NAME, DATA_DIR_ENV, AppPaths, resolve_paths


def _all_dirs(paths: AppPaths) -> list[Path]:
    return [paths.data_dir, paths.config_dir, paths.cache_dir, paths.log_dir]


def test_data_dir_override_puts_all_state_under_one_directory_and_creates_it(tmp_path: Path) -> None:
    root = tmp_path / "portable"
    paths = resolve_paths(str(root), environ={})

    for directory in _all_dirs(paths):
        assert directory.is_dir()
        assert directory.is_relative_to(root)
    assert len({*_all_dirs(paths)}) == 4
    assert paths.database_path.parent == root
    assert paths.settings_path.is_relative_to(root)


def test_environment_variable_is_used_without_an_override(tmp_path: Path) -> None:
    paths = resolve_paths(None, environ={DATA_DIR_ENV: str(tmp_path / "from-env")})

    assert paths.data_dir == tmp_path / "from-env"
    assert paths.log_dir.is_dir()


def test_command_line_override_wins_over_the_environment(tmp_path: Path) -> None:
    paths = resolve_paths(str(tmp_path / "cli"), environ={DATA_DIR_ENV: str(tmp_path / "env")})

    assert paths.data_dir == tmp_path / "cli"
    assert not (tmp_path / "env").exists()


def test_relative_override_becomes_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths = resolve_paths("rel", environ={})

    assert paths.data_dir.is_absolute()
    assert paths.data_dir == (tmp_path / "rel").resolve()


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_values_fall_back_to_the_platform_directories(blank: str) -> None:
    paths = resolve_paths(blank, environ={DATA_DIR_ENV: blank}, create=False)

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    assert paths.data_dir == Path(dirs.user_data_dir)
    assert paths.config_dir == Path(dirs.user_config_dir)
    assert paths.cache_dir == Path(dirs.user_cache_dir)
    assert paths.log_dir == Path(dirs.user_log_dir)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG variables apply on Linux")
def test_default_follows_xdg_directories_and_creates_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))

    paths = resolve_paths(None, environ={})

    assert paths.data_dir == tmp_path / "xdg_data_home" / APP_NAME
    assert paths.config_dir == tmp_path / "xdg_config_home" / APP_NAME
    assert paths.cache_dir == tmp_path / "xdg_cache_home" / APP_NAME
    assert paths.log_dir.is_relative_to(tmp_path / "xdg_state_home")
    assert all(d.is_dir() for d in _all_dirs(paths))
