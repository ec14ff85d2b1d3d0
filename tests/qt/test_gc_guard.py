import gc

from pytestqt.qtbot import QtBot

from app.qt.gc_guard import GuiThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_gui_thread_collects_due_garbage(qtbot: QtBot) -> None:
    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()
        gc.collect()
        for _ in range(gc.get_threshold()[0] + 10):
            Cycle()
        assert collector.collect_due() > 0
    finally:
        collector.stop()
    assert gc.isenabled()


def test_a_holding_collector_freezes_start_up_without_a_pass_over_it(qtbot: QtBot) -> None:
    # A pass there walked every object start-up made (10-17 ms of the GUI thread) to free a few hundred,
    # right when a first answer sent at once was streaming.
    ready = False
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    collector = GuiThreadCollector(hold=True)
    gc.callbacks.append(count)
    try:
        for _ in range(gc.get_threshold()[0] * 3):
            Cycle()
        collector.freeze_when(lambda: ready)
        qtbot.wait(700)  # a tick or more: holding, no pass
        assert passes == []
        assert gc.get_freeze_count() == 0
        ready = True
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)
        assert passes == []
        # Once frozen, due garbage is collected again by the timer.
        for _ in range(gc.get_threshold()[0] + 10):
            Cycle()
        qtbot.waitUntil(lambda: bool(passes), timeout=10_000)
    finally:
        gc.callbacks.remove(count)
        collector.stop()
