"""Small modules with one concept each: no module of the app grows past 500 lines (split it by concept)."""

from __future__ import annotations

from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
LIMIT = 500


def test_no_module_of_the_app_is_over_500_lines() -> None:
    sizes = {
        path.relative_to(APP.parent).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in APP.rglob("*.py")
    }
    assert len(sizes) > 100  # the whole app was read
    assert {name: lines for name, lines in sizes.items() if lines > LIMIT} == {}
