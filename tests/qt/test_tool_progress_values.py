"""The card of running tool calls shows only progress a person can read, whatever a server reports."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QProgressBar

from app.qt.widgets.tool_progress import ToolProgressCard


def _title(card: ToolProgressCard) -> str:
    labels = card.findChildren(QLabel, "toolProgressTitle")
    assert len(labels) == 1
    return labels[0].text()


def test_nan_and_infinite_progress_are_ignored_and_the_card_keeps_working(qapp: QApplication) -> None:
    card = ToolProgressCard()
    card.started("k", "srv", "tool")
    card.progress("k", 2, 8, None)
    assert _title(card).endswith("2 of 8")
    for done, total in ((float("nan"), 5.0), (float("inf"), float("inf")), (1e999, 1.0), (3.0, float("nan"))):
        card.progress("k", done, total, None)  # a server's NaN or 1e999 must not raise in the slot
        assert "inf" not in _title(card) and "nan" not in _title(card)
    # An unusable total is no total: the step alone is shown.
    assert _title(card).endswith("step 3")
    card.progress("k", 5, 8, "halfway")
    assert _title(card).endswith("5 of 8")
    bar = card.findChildren(QProgressBar)[0]
    assert bar.value() == 625
