"""Function calls whose arguments arrive in pieces (Vertex AI's ``streamFunctionCallArguments``).

With that option a call comes as a run of ``functionCall`` parts: the first names the function (and may carry
the ``thoughtSignature``), the next ones carry ``partialArgs`` (a JSON path and a value each; a string value
with ``willContinue`` goes on in the next piece), and every piece but the last says ``willContinue: true``.
The last piece is often an empty ``functionCall``. For example (recorded from gemini-3.1-pro on Vertex)::

    {"functionCall": {"name": "getWeather", "willContinue": true}, "thoughtSignature": "..."}
    {"functionCall": {"partialArgs": [{"jsonPath": "$.location", "stringValue": "Boston",
                                       "willContinue": true}], "willContinue": true}}
    {"functionCall": {"partialArgs": [{"jsonPath": "$.location", "stringValue": ""}], "willContinue": true}}
    {"functionCall": {}}

:class:`StreamedCall` assembles such a run into the one part a whole call would have been,
``{"functionCall": {"name": "getWeather", "args": {"location": "Boston"}}, "thoughtSignature": "..."}``,
which is what runs the tool, what is stored and what goes back to the model.
"""

from __future__ import annotations

import copy
import re
from typing import Any

__all__ = ["StreamedCall", "is_call_piece", "parse_json_path"]

_STEP = re.compile(r"\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]")
_MAX_INDEX = 10_000  # a list index past this is not an argument a model would stream: the piece is ignored


def is_call_piece(call: dict[str, Any]) -> bool:
    """Whether a ``functionCall`` object is a piece of a call streamed in parts (not a whole call)."""
    return call.get("willContinue") is True or "partialArgs" in call


def parse_json_path(path: str) -> list[str | int] | None:
    """The steps of a ``partialArgs`` JSON path (``$.a.b``, ``$.items[0]``, ``$['a b']``); None if invalid."""
    if not path.startswith("$"):
        return None
    steps: list[str | int] = []
    position = 1
    while position < len(path):
        match = _STEP.match(path, position)
        if match is None:
            return None
        name, index, single, double = match.groups()
        if index is not None:
            steps.append(int(index))
        else:
            quoted = single if single is not None else double
            steps.append(name if name is not None else re.sub(r"\\(.)", r"\1", quoted or ""))
        position = match.end()
    return steps


def _value(piece: dict[str, Any]) -> tuple[bool, Any]:
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in piece:
            return True, piece[key]
    if "nullValue" in piece:
        return True, None
    return False, None


class StreamedCall:
    """One function call assembled from its pieces.

    Args:
        part: The first piece (a part whose ``functionCall`` names the function).
    """

    def __init__(self, part: dict[str, Any]) -> None:
        call = part["functionCall"]
        self._name = call.get("name") if isinstance(call.get("name"), str) else ""
        self._id = call.get("id") if isinstance(call.get("id"), str) else None
        args = call.get("args")
        self._args: dict[str, Any] = dict(args) if isinstance(args, dict) else {}
        self._extra: dict[str, Any] = {}  # the part's other fields (thoughtSignature), from any piece
        self._continuing: set[tuple[str | int, ...]] = set()  # string values going on in the next piece
        self.done = False
        self.add(part)

    @property
    def name(self) -> str:
        """The function's name."""
        return self._name

    @property
    def call_id(self) -> str | None:
        """The call's id, if the model gave one."""
        return self._id

    @property
    def args(self) -> dict[str, Any]:
        """The arguments assembled so far."""
        return self._args

    def add(self, part: dict[str, Any]) -> None:
        """Take the next piece; :attr:`done` tells whether it was the last one."""
        call = part.get("functionCall")
        if not isinstance(call, dict):
            return
        self._extra.update((k, v) for k, v in part.items() if k != "functionCall")
        if not self._id and isinstance(call.get("id"), str):
            self._id = call["id"]
        pieces = call.get("partialArgs")
        for piece in pieces if isinstance(pieces, list) else ():
            if isinstance(piece, dict):
                self._apply(piece)
        self.done = call.get("willContinue") is not True

    def part(self) -> dict[str, Any]:
        """The whole call as one part."""
        # A copy: a snapshot handed out must not change as later pieces arrive.
        call: dict[str, Any] = {"name": self._name, "args": copy.deepcopy(self._args)}
        if self._id is not None:
            call["id"] = self._id
        return {"functionCall": call, **self._extra}

    def _apply(self, piece: dict[str, Any]) -> None:
        path = piece.get("jsonPath")
        steps = parse_json_path(path) if isinstance(path, str) else None
        has_value, value = _value(piece)
        if not steps or not has_value:
            return
        key = tuple(steps)
        container: Any = self._args
        for step, following in zip(steps, [*steps[1:], None], strict=True):
            fresh: Any = [] if isinstance(following, int) else {}
            if following is None:
                old = _get(container, step)
                if key in self._continuing and isinstance(old, str) and isinstance(value, str):
                    value = old + value
                if not _put(container, step, value):
                    return
            else:
                child = _get(container, step)
                if not isinstance(child, dict | list):
                    child = fresh
                    if not _put(container, step, child):
                        return
                container = child
        if piece.get("willContinue") is True and isinstance(value, str):
            self._continuing.add(key)
        else:
            self._continuing.discard(key)


def _get(container: Any, step: str | int) -> Any:
    if isinstance(container, dict) and isinstance(step, str):
        return container.get(step)
    if isinstance(container, list) and isinstance(step, int) and step < len(container):
        return container[step]
    return None


def _put(container: Any, step: str | int, value: Any) -> bool:
    if isinstance(container, dict) and isinstance(step, str):
        container[step] = value
        return True
    if isinstance(container, list) and isinstance(step, int) and step <= _MAX_INDEX:
        container.extend([None] * (step + 1 - len(container)))
        container[step] = value
        return True
    return False
