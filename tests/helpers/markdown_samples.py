"""Markdown written for tests: a GFM table of any size."""

from __future__ import annotations


def table_markdown(rows: int, columns: int) -> str:
    """A GFM table with a header row ``h0 | h1 | …`` and ``rows`` rows of cells ``r{row}c{column}``."""
    header = "|" + "|".join(f"h{c}" for c in range(columns)) + "|\n"
    rule = "|" + "|".join("--" for _ in range(columns)) + "|\n"
    body = "\n".join("|" + "|".join(f"r{r}c{c}" for c in range(columns)) + "|" for r in range(rows))
    return header + rule + body + "\n"
