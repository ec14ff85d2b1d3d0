"""How often the streaming transcript updates, and how much of a reply each frame may apply."""

from __future__ import annotations

__all__ = ["FRAME_MS", "FrameBudget"]

# Each applied frame costs a relayout and a repaint of the view; 30 updates a second read as smooth text and
# keep the CPU load of a fast model's stream low (see bench/pace.py).
FRAME_MS = 33


class FrameBudget:
    """How many characters one frame may apply so it takes about ``seconds`` (a moving cost estimate).

    Args:
        seconds: The work one frame may do, leaving the rest of the frame to painting and input.
        min_chars: Never less than this per frame (and shorter frames do not update the estimate: too noisy).
        max_chars: Never more than this per frame.
    """

    def __init__(self, seconds: float = 0.008, min_chars: int = 1_000, max_chars: int = 200_000) -> None:
        self._seconds = seconds
        self._min_chars = min_chars
        self._max_chars = max_chars
        # Until a frame has been measured, the least: the first frame of the process's first answer also pays
        # first-use costs (fonts, the first layout), and took 30 ms with the 2,700 characters an estimate of
        # 3 µs a character gave it (the measured cost is nearer 6 µs on a slow machine).
        self._cost_per_char = seconds / min_chars

    @property
    def seconds(self) -> float:
        """The work one frame may do."""
        return self._seconds

    def chars(self) -> int:
        """The characters the next frame may apply."""
        return min(self._max_chars, max(self._min_chars, int(self._seconds / self._cost_per_char)))

    def record(self, chars: int, seconds: float) -> None:
        """A frame applied ``chars`` characters in ``seconds``."""
        if chars >= self._min_chars:
            self._cost_per_char = 0.7 * self._cost_per_char + 0.3 * (seconds / chars)
