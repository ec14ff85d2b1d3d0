"""A gateway that once listed 20,000 models: the app still starts, and a new list replaces the old at once.

The list is cached, so before this the app rebuilt 20,000 rows at every start: removing them one at a time,
with the combo box, its completer and the popup's filter each reading every row after each removal, hung the
window for minutes, at every start, until the cache file was deleted by hand.
"""

from __future__ import annotations

import time
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.core.gemini.models_list import MAX_MODELS, ModelInfo
from app.core.model_cache import ModelCache
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, wait_until

COUNT = 20_000


def _many() -> list[ModelInfo]:
    return [ModelInfo(f"gemini-x-{i}", f"Gemini X {i}", "google", True) for i in range(COUNT)]


def _start_and_answer(qloop: qasync.QEventLoop, data_dir: Path, gateway: GatewayDouble) -> tuple[float, int]:
    """Start the app on ``data_dir``; how long until its window answers events, and the models it lists."""
    result: dict[str, float | int] = {}
    started = time.perf_counter()

    async def body(desk: GeminiDesk) -> None:
        QApplication.processEvents()
        result["seconds"] = time.perf_counter() - started
        await wait_until(lambda: desk.window.model_picker.item_model.rowCount() > 0, what="the model list")
        result["rows"] = desk.window.model_picker.item_model.rowCount()

    run_app(qloop, data_dir, body, gateway)
    return float(result["seconds"]), int(result["rows"])


def test_the_app_starts_with_twenty_thousand_cached_models_about_as_fast_as_with_a_few(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    few, few_rows = _start_and_answer(qloop, tmp_path / "few", gateway)
    many_dir = tmp_path / "many"
    ModelCache(many_dir / "cache").save(gateway.base_url, _many())
    many, many_rows = _start_and_answer(qloop, many_dir, gateway)
    # Such a cache (written before lists were capped) reads back as the first MAX_MODELS models.
    assert MAX_MODELS <= many_rows <= MAX_MODELS + 1 and few_rows < 100
    # A gross bound against the same run's start with a few models: the old code did not start in minutes.
    assert many < 3 * few + 5.0, (many, few)


def test_a_new_list_replaces_the_old_in_one_step_not_row_by_row(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        picker = desk.window.model_picker
        picker.set_models(_many())
        removed: list[int] = []
        picker.combo.model().rowsRemoved.connect(
            lambda _parent, first, last: removed.append(last - first + 1)
        )
        picker.set_models(_many()[: COUNT // 2])
        picker.set_show_all(True)
        assert removed == []  # a reset, which views take in one step
        assert COUNT // 2 <= picker.item_model.rowCount() <= COUNT // 2 + 1  # and the model in use

    run_app(qloop, tmp_path, body, gateway)
