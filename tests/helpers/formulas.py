"""A formula image source for renderer tests: images arrive when the test says, without typesetting."""

from __future__ import annotations

from app.render.math import FORMULA_FAILED, FormulaImage, FormulaLookup


class ScriptedFormulas:
    """Answers ``lookup`` like the transcript's images do, with images that arrive on ``deliver``.

    A formula containing ``\\bad`` fails; every other one gets a 10x10 image once delivered (at once when
    ``immediate``). ``started`` lists each formula the first time it is asked for (a typesetting job).
    """

    def __init__(self, *, immediate: bool = False) -> None:
        self.immediate = immediate
        self.started: list[tuple[str, bool]] = []
        self._ready: set[tuple[str, bool]] = set()

    def lookup(self, latex: str, display: bool) -> FormulaLookup:
        key = (latex, display)
        if key not in self.started:
            self.started.append(key)
            if self.immediate:
                self._ready.add(key)
        if key not in self._ready:
            return None
        if "\\bad" in latex:
            return FORMULA_FAILED
        return FormulaImage(name(latex, display), 10, 10)

    def deliver(self) -> None:
        """Every formula asked for so far is typeset."""
        self._ready.update(self.started)

    def deliver_first(self, count: int) -> None:
        """The first ``count`` formulas asked for are typeset (the process answers in the order asked)."""
        self._ready.update(self.started[:count])


def name(latex: str, display: bool) -> str:
    """The image name the scripted images give a formula (readable in the HTML under test)."""
    return f"{'D' if display else 'I'}:{latex}"
