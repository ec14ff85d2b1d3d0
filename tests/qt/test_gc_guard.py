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
