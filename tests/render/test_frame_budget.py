"""The streaming transcript's frame budget: how much of a reply one frame may apply."""

from app.render.frame_budget import FrameBudget


def test_before_any_frame_is_measured_a_frame_applies_the_least() -> None:
    # The first frame of the process's first answer also pays first-use costs (fonts, the first layout):
    # sized by an optimistic guess it took 2,700 characters and 30 ms, the first answer's worst frame.
    budget = FrameBudget(seconds=0.008, min_chars=1_000)
    assert budget.chars() == 1_000


def test_the_budget_follows_the_measured_cost() -> None:
    budget = FrameBudget(seconds=0.008, min_chars=1_000)
    for _ in range(30):
        budget.record(2_000, 0.002)  # 1 µs a character: about 8,000 fit in 8 ms
    assert 7_000 <= budget.chars() <= 8_000
    for _ in range(30):
        budget.record(2_000, 0.040)  # 20 µs a character: never fewer than the least
    assert budget.chars() == 1_000


def test_frames_too_short_to_measure_do_not_move_the_estimate() -> None:
    budget = FrameBudget(seconds=0.008, min_chars=1_000)
    budget.record(10, 0.050)
    assert budget.chars() == 1_000
    budget.record(5_000, 0.005)
    assert budget.chars() > 1_000
