"""The release workflow: thin (steps call scripts in packaging/), every script exists, only files upload.

The workflow itself runs on GitHub's runners only; everything it calls that Linux can run, ``.ci/run`` runs
here too. This test keeps the two from drifting apart.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
SCRIPT = re.compile(r"(?:\./)?(packaging/[\w./-]+\.(?:sh|py|ps1))")
# How a thin step's command starts: a script of packaging/ run by its interpreter.
THIN = re.compile(r"^(bash|python|\./)\s*packaging/|^\./packaging/")
ARTEFACT_SUFFIXES = (".deb", ".rpm", ".AppImage", ".tar.gz", ".exe", ".zip", ".dmg")


def _workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps() -> list[dict[str, Any]]:
    return [step for job in _workflow()["jobs"].values() for step in job["steps"]]


def _run_lines() -> list[str]:
    return [
        line.strip()
        for step in _steps()
        if "run" in step
        for line in step["run"].splitlines()
        if line.strip()
    ]


def _uploads() -> list[str]:
    return [
        line.strip()
        for step in _steps()
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
        for line in str(step["with"]["path"]).splitlines()
        if line.strip()
    ]


def test_every_step_only_calls_a_packaging_script_that_exists() -> None:
    lines = _run_lines()
    assert lines
    for line in lines:
        assert THIN.match(line), f"not a script call: {line!r}"
        for script in SCRIPT.findall(line):
            assert (ROOT / script).is_file(), f"the workflow calls {script}, which does not exist"


def test_scripts_call_only_scripts_that_exist() -> None:
    callers = [
        ROOT / ".ci" / "run",
        *sorted((ROOT / "packaging").rglob("*.sh")),
        *(ROOT / "packaging").rglob("*.ps1"),
    ]
    for caller in callers:
        for script in SCRIPT.findall(caller.read_text(encoding="utf-8")):
            assert (ROOT / script).is_file(), (
                f"{caller.relative_to(ROOT)} calls {script}, which does not exist"
            )


def test_uploads_name_artefact_files_only(tmp_path: Path) -> None:
    patterns = _uploads()
    assert patterns
    for pattern in patterns:
        assert pattern.startswith("dist/release/") and pattern.endswith(ARTEFACT_SUFFIXES), pattern
    # A release folder as the old workflow left it: an AppDir folder among the packages.
    release = tmp_path / "dist" / "release"
    (release / "AppDir" / "usr").mkdir(parents=True)
    (release / "gemini-desk_0.1.0_amd64.deb").write_bytes(b"deb")
    (release / "Gemini_Desk-0.1.0-x86_64.AppImage").write_bytes(b"appimage")
    uploaded = [
        path
        for path in (tmp_path / "dist" / "release").iterdir()
        for pattern in patterns
        if fnmatch.fnmatch(path.relative_to(tmp_path).as_posix(), pattern)
    ]
    assert sorted(path.name for path in uploaded) == [
        "Gemini_Desk-0.1.0-x86_64.AppImage",
        "gemini-desk_0.1.0_amd64.deb",
    ]
    assert all(path.is_file() for path in uploaded)


def test_the_artefacts_are_checked_before_they_upload() -> None:
    steps = _workflow()["jobs"]["build"]["steps"]
    names = [step.get("run", step.get("uses", "")) for step in steps]
    check = next(i for i, name in enumerate(names) if "check-artefacts.py dist/release" in name)
    upload = next(i for i, name in enumerate(names) if name.startswith("actions/upload-artifact@"))
    assert check < upload


def test_every_supported_machine_is_built() -> None:
    matrix = _workflow()["jobs"]["build"]["strategy"]["matrix"]["include"]
    assert {(entry["platform"], entry["arch"]) for entry in matrix} == {
        ("linux", "x86_64"),
        ("linux", "aarch64"),
        ("windows", "x64"),
        ("windows", "arm64"),
        ("macos", "x86_64"),
        ("macos", "arm64"),
    }


def test_actions_are_pinned_by_commit() -> None:
    for step in _steps():
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    text = WORKFLOW.read_text(encoding="utf-8")
    assert all("# v" in line for line in text.splitlines() if "uses:" in line)


def test_strictness_is_the_projects_own_switch_not_ci() -> None:
    assert _workflow()["env"]["GEMINI_DESK_STRICT"] == "1"
    assert "GEMINI_DESK_STRICT=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_variable = 'environ.get("' + 'CI")'  # split, so that this file does not match itself
    for test in (ROOT / "tests").rglob("*.py"):
        assert ci_variable not in test.read_text(encoding="utf-8"), test


@pytest.mark.parametrize("secret", ["MACOS_CODESIGN_IDENTITY", "WINDOWS_CERTIFICATE_PFX", "TUF_TARGETS_KEY"])
def test_signing_without_its_secret_warns_instead_of_failing(secret: str) -> None:
    # Each signing hook names its secret and has a warning path for when it is absent.
    scripts = [*(ROOT / "packaging").rglob("*.sh"), *(ROOT / "packaging").rglob("*.ps1")]
    users = [path for path in scripts if secret in path.read_text(encoding="utf-8")]
    assert users, secret
    assert any(re.search(r"warn|Write-Warn", path.read_text(encoding="utf-8")) for path in users)


def test_every_shell_script_parses() -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    for script in [ROOT / ".ci" / "run", *sorted((ROOT / "packaging").rglob("*.sh"))]:
        result = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{script.relative_to(ROOT)}: {result.stderr}"
