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

The pieces come from the gateway, so they are bounded: a path deeper than ``MAX_SHOWN_DEPTH`` steps, or a
call growing past ``MAX_CALL_CHARS`` characters or ``MAX_CALL_NODES`` values, ends the reply with a
:class:`MalformedStreamError`; a list index may only replace an item or run at most ``_MAX_GAP`` past the
end (a stream builds a list nearly in order), so a few bytes can never ask for a list of millions of nulls.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from app.core.gemini.errors import MalformedStreamError
from app.core.json_depth import MAX_SHOWN_DEPTH

__all__ = ["MAX_CALL_CHARS", "MAX_CALL_NODES", "StreamedCall", "is_call_piece", "parse_json_path"]

_STEP = re.compile(r"\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]")
MAX_CALL_CHARS = 8_000_000  # characters of values in one streamed call (far past any real tool argument)
MAX_CALL_NODES = 100_000  # values and containers in one streamed call
_MAX_GAP = 16  # list items a piece may skip (filled with null until their own pieces come)


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
        # String values going on in the next piece, as their pieces so far: joined once when the value ends,
        # so a long string streamed in many pieces costs its length, not its length times its pieces.
        self._continuing: dict[tuple[str | int, ...], list[str]] = {}
        self._chars = 0
        self._nodes = 0
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
        args = copy.deepcopy(self._args)
        for key, pieces in self._continuing.items():
            _write(args, list(key), "".join(pieces))
        call: dict[str, Any] = {"name": self._name, "args": args}
        if self._id is not None:
            call["id"] = self._id
        return {"functionCall": call, **self._extra}

    def _apply(self, piece: dict[str, Any]) -> None:
        path = piece.get("jsonPath")
        steps = parse_json_path(path) if isinstance(path, str) else None
        has_value, value = _value(piece)
        if not steps or not has_value:
            return
        if len(steps) > MAX_SHOWN_DEPTH:
            too_deep = f"a function call's arguments nest deeper than {MAX_SHOWN_DEPTH} levels"
            raise MalformedStreamError(too_deep)
        self._count(len(value) if isinstance(value, str) else 0, 0)
        key = tuple(steps)
        goes_on = piece.get("willContinue") is True and isinstance(value, str)
        pieces = self._continuing.get(key)
        if pieces is not None and isinstance(value, str):
            pieces.append(value)
            if goes_on:
                return  # written when the value ends (and shown meanwhile by part())
            value = "".join(pieces)
        added = _write(self._args, steps, value)
        if added < 0:
            self._continuing.pop(key, None)
            return
        self._count(0, added)
        if goes_on:
            self._continuing[key] = [value]
        else:
            self._continuing.pop(key, None)

    def _count(self, chars: int, nodes: int) -> None:
        self._chars += chars
        self._nodes += nodes
        if self._chars > MAX_CALL_CHARS or self._nodes > MAX_CALL_NODES:
            raise MalformedStreamError(
                f"a function call streamed in pieces grew past {MAX_CALL_CHARS:,} characters"
                f" or {MAX_CALL_NODES:,} values"
            )


def _write(args: dict[str, Any], steps: list[str | int], value: Any) -> int:
    """Put a value at a path, making the containers on the way.

    Returns:
        How many new values and containers the write added, or -1 if the path does not fit what is there.
    """
    if not _fits(args, steps):
        return -1  # checked first, so that a path failing deep down leaves no empty containers behind
    container: Any = args
    added = 0
    for step, following in zip(steps, [*steps[1:], None], strict=True):
        if following is None:
            put = _put(container, step, value)
            return -1 if put < 0 else added + put
        child = _get(container, step)
        if not isinstance(child, dict | list):
            child = [] if isinstance(following, int) else {}
            put = _put(container, step, child)
            if put < 0:
                return -1
            added += put
        container = child
    return -1


def _fits(args: dict[str, Any], steps: list[str | int]) -> bool:
    """Whether every step of a path fits the container it lands in (existing or about to be made)."""
    container: Any = args
    for step in steps:
        if container is None:  # a container the write will make: of the kind this step asks for
            container = [] if isinstance(step, int) else {}
        if isinstance(container, dict) != isinstance(step, str):
            return False
        if isinstance(container, list) and isinstance(step, int) and step > len(container) + _MAX_GAP:
            return False
        child = _get(container, step)
        container = child if isinstance(child, dict | list) else None
    return True


def _get(container: Any, step: str | int) -> Any:
    if isinstance(container, dict) and isinstance(step, str):
        return container.get(step)
    if isinstance(container, list) and isinstance(step, int) and step < len(container):
        return container[step]
    return None


def _put(container: Any, step: str | int, value: Any) -> int:
    """Set one step; how many new slots that made, or -1 if the step does not fit the container."""
    if isinstance(container, dict) and isinstance(step, str):
        added = 0 if step in container else 1
        container[step] = value
        return added
    if isinstance(container, list) and isinstance(step, int) and step <= len(container) + _MAX_GAP:
        # A stream builds a list (nearly) in order: a larger index would ask for a list of nulls as long as
        # the gateway likes.
        added = max(0, step + 1 - len(container))
        container.extend([None] * added)
        container[step] = value
        return added
    return -1
