"""What a stored function-response message shows: one block per call, its result collapsed to a preview.

Tool results are untrusted, like model output: the label is plain text (escaped), the result is shown in a
fenced block (no links, no Markdown of the tool's), cut to a preview with its full size noted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.chat.attachments import format_size
from app.core.chat.markdown_syntax import escape, fence
from app.core.json_depth import shown_json
from app.core.tools.calls import TOOL_CALLS_META

__all__ = [
    "FOLD_LINES",
    "PREVIEW_CHARS",
    "ToolLabels",
    "folded_tool_results",
    "folds_by_default",
    "is_tool_results",
    "tool_results_markdown",
]

PREVIEW_CHARS = 600
"""Characters of a result shown in the transcript (the whole result is in the message and the export)."""

FOLD_LINES = 20
"""Results whose Markdown has more lines than this start folded to their label lines in the transcript."""


@dataclass(frozen=True, slots=True)
class ToolLabels:
    """The words of a results block; the Qt layer passes translated ones (``{0}`` is filled in)."""

    result: str = "Result of {0}"
    error: str = "Error from {0}"
    size: str = "{0}"
    preview: str = "first {0} characters shown"
    images: str = "images: {0}"
    decisions: Mapping[str, str] | None = None
    outcomes: Mapping[str, str] | None = None


def is_tool_results(message_parts: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a message's parts are function responses (a tool step's answer to the model)."""
    return bool(message_parts) and all("functionResponse" in p for p in message_parts)


def tool_results_markdown(
    parts: Sequence[Mapping[str, Any]], meta: Mapping[str, Any], labels: ToolLabels = ToolLabels()
) -> str:
    """The Markdown of a function-response message: per call, who answered, how, and a preview."""
    records = meta.get(TOOL_CALLS_META)
    entries = records if isinstance(records, list) else []
    blocks = []
    for index, part in enumerate(parts):
        response = part.get("functionResponse")
        if not isinstance(response, Mapping):
            continue
        entry = entries[index] if index < len(entries) and isinstance(entries[index], Mapping) else {}
        name = str(entry.get("server", "")) + "/" + str(entry.get("tool", "")) if entry.get("server") else ""
        name = name or str(response.get("name", ""))
        body = response.get("response")
        failed = isinstance(body, Mapping) and "error" in body and "output" not in body
        label = (labels.error if failed else labels.result).format(name)
        facts = []
        outcome = str(entry.get("outcome", ""))
        decision = str(entry.get("decision", ""))
        if labels.decisions and decision in labels.decisions:
            facts.append(labels.decisions[decision])
        if labels.outcomes and outcome in labels.outcomes and outcome != "ok":
            facts.append(labels.outcomes[outcome])
        shown = shown_json(body if body is not None else {})
        facts.append(labels.size.format(format_size(len(shown.encode("utf-8")))))
        preview = shown
        if len(shown) > PREVIEW_CHARS:
            preview = shown[:PREVIEW_CHARS] + "\n…"
            facts.append(labels.preview.format(PREVIEW_CHARS))
        media = response.get("parts")
        if isinstance(media, list) and media:
            facts.append(labels.images.format(len(media)))
        blocks.append(f"**{escape(label)}** · {escape(' · '.join(facts))}\n\n{fence(preview, 'json')}")
    return "\n\n".join(blocks)


def folds_by_default(markdown: str) -> bool:
    """Whether the results ``markdown`` (from ``tool_results_markdown``) start folded: they are long."""
    return markdown.count("\n") >= FOLD_LINES


def folded_tool_results(markdown: str) -> str:
    """The results ``markdown`` folded: each call's label line ("**Result of clock/now** · 52 B"), no preview.

    Every block of ``tool_results_markdown`` starts with its bold label line; a preview's lines are JSON
    (braces, brackets, quotes, numbers or indentation), so none of them starts with ``**``.
    """
    # One paragraph, a line per call (Markdown's hard break): a folded card stays as compact as a list.
    return "  \n".join(line for line in markdown.splitlines() if line.startswith("**"))
