"""Incremental Markdown rendering for a reply that arrives in chunks.

Re-rendering the whole message for every chunk is O(n²) over a reply. Instead the text not yet committed is
split into top-level blocks; every block that is followed by another block can no longer change (Markdown's
block structure only ever grows at the end), so it is rendered once and committed. Only the last block, the
*tail*, is re-rendered per update, and only the uncommitted text is parsed, so the per-update cost depends on
the size of the tail, not of the message.

Why "followed by another block" is final: markdown-it closes a block only when a later line cannot belong
to it, and nothing appended later can reach back past a line that already started a new block. Two details
keep this true: decisions use complete lines only (a partial ``--`` may still become a setext underline or a
rule), and link reference definitions found in committed text are carried forward. A reference used
*before* its definition cannot resolve while streaming; models practically never write those (footnotes
are the exception: ``needs_whole_render`` tells the view to render such a message once more at its end).

A paragraph can grow without end (a Chinese answer with single line breaks, a list of addresses, a base64
blob): re-rendering it per update would make the cost quadratic again, and Qt lays a paragraph out as a whole
on every change. A tail paragraph longer than ``LONG_TAIL`` characters, or holding more than ``TAIL_FORMULAS``
formulas (each an image to lay out again), is committed up to its last line end (else its last space, else
where it stands; a few formulas are kept) as a paragraph of its own, *provisionally*. Usually the cut is
clean: no emphasis, link, code span or formula is left open before it, no hard line break ends it, and the
text after it carries on the paragraph. Then the parts are the whole paragraph once their blocks are joined
with a space (``RenderUpdate.joins`` says which blocks continue the one before, ``split_is_clean`` that all
did), which costs the view a few milliseconds instead of rendering and inserting the whole message again
(0.5-1 s for a paragraph of 3,000 formulas). Otherwise an emphasis or link across the cut may show its markers
until the end, when the view renders the whole message once (``split_provisionally`` without
``split_is_clean``).

A code fence can stay open as long (a model streaming a megabyte of code): an open fence over ``LONG_CODE``
characters that starts the tail is committed but its last lines, whole lines only (``_commit_code_lines``).
The pieces are drawn as one block (one header bar and number, no space between them, uncoloured, as the tail
is) and the message is rendered whole at its end, which colours the code.

Formulas (``app.render.math``): a formula is typeset once, and shown as its source until its image is
ready. A committed block showing a formula as source is reported in ``RenderUpdate.waiting``; once its
images are all there, ``typeset_blocks`` renders just that block again for the view to swap in (the tail is
drawn again by ``refresh``, also once its images are all there: a paragraph of 3,000 formulas is not rendered
again for every few images that arrive). Waiting blocks are never held back in the tail: the tail stays one
block, so a frame's work does not grow while formulas are typeset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from app.render.long_content import LITERAL_TEXT, MAX_ASTERISKS
from app.render.markdown import (
    MarkdownRenderer,
    code_piece_env,
    new_render_env,
    plain_code_env,
    split_blocks,
)
from app.render.markdown_extensions import (
    MATH_PENDING_KEY,
    MATH_WAITING_KEY,
    math_pending,
    unfinished_formula_start,
)

LONG_TAIL: Final = 4000
"""A tail paragraph longer than this (characters) is committed but its last ``_KEPT_TAIL``, provisionally."""
_KEPT_TAIL = 1000
TAIL_FORMULAS: Final = 40
"""A tail paragraph with more formulas than this is committed as a long one: each is an image to lay out again
per frame (250 formulas in 4,000 characters cost about 100 ms a frame on a loaded machine)."""
_KEPT_FORMULAS = 10
_FORMULA_MARK = re.compile(r"\$|\\[()]")
LONG_CODE: Final = 12_000
"""An open fence longer than this (characters) is committed but its last lines, provisionally.

Longer than ``LONG_TAIL``: a code block of usual length is coloured as soon as it closes, and the message is
not rendered again at its end for it.
"""


@dataclass(frozen=True, slots=True)
class RenderUpdate:
    """What changed after an ``append`` or ``finish``.

    Attributes:
        committed: HTML of blocks finished by this update, in order; each is produced exactly once.
        tail: HTML of the unfinished last block ("" when there is none).
        tail_changed: False when nothing needs re-inserting: no commits and the same tail HTML as before.
        waiting: ``(index in committed, block key)`` of committed blocks showing a formula as its source;
            ``StreamingMarkdown.typeset_blocks`` gives their final HTML by key once the images are ready.
        joins: ``(index in committed, block key)`` of committed blocks that carry on the paragraph of the
            block before them (a long paragraph committed in parts): joined with a space, they read as one.
    """

    committed: tuple[str, ...]
    tail: str
    tail_changed: bool = True
    waiting: tuple[tuple[int, int], ...] = ()
    joins: tuple[tuple[int, int], ...] = ()


class StreamingMarkdown:
    """Turns a stream of text deltas into committed blocks plus a re-rendered tail.

    Args:
        renderer: The renderer (palette, action links) to use; a default light one when omitted.
        message_id: Passed to the renderer so code blocks get "copy" links for this message.
    """

    def __init__(self, renderer: MarkdownRenderer | None = None, *, message_id: int | None = None) -> None:
        self._renderer = renderer if renderer is not None else MarkdownRenderer()
        self._chunks: list[str] = []
        self._pending = ""  # text after the last committed block, normalised to "\n" line ends
        self._held_cr = False  # a "\r" ending a delta may be the first half of "\r\n"
        self._references: dict[str, Any] = {}
        self._env = new_render_env(message_id)
        self._tail_html = ""
        self._finished = False
        self._blocks = 0  # blocks committed so far: the next block's key
        # key -> (tokens, env before it, the formulas it waits for, last first; empty: something else)
        self._waiting: dict[int, tuple[list[Any], dict[str, Any], list[tuple[str, bool]]]] = {}
        self._new_waiting: list[int] = []  # keys of blocks committed waiting since the last update
        self._tail_formulas: list[tuple[str, bool]] = []  # what the tail waits for, as in _waiting
        #: Whether the tail last drawn shows a formula as source while it is typeset.
        self.tail_waits_for_formulas = False
        #: Number of block renders so far (committed and tail); tests use it to prove the work is bounded.
        self.blocks_rendered = 0
        #: Whether a long paragraph was committed in parts: the whole message should be rendered at its end.
        self.split_provisionally = False
        # The committed-block count when the tail was last found not to be a paragraph: until a commit, the
        # same tail keeps its kind, so it is not parsed again per update only to be refused again.
        self._unsplittable_at = -1
        self._joining = False  # the text not committed carries on a paragraph committed in parts
        self._code_goes_on = (
            False  # the text not committed starts with the rest of a fence committed in parts
        )
        self._new_joins: list[int] = []  # keys of blocks committed since the last update that carry one on
        self._cuts_clean = True  # see split_is_clean

    @property
    def text(self) -> str:
        """The raw text received so far, exactly as appended."""
        return "".join(self._chunks)

    @property
    def split_is_clean(self) -> bool:
        """Whether every paragraph committed in parts reads as the whole once its parts' blocks are joined.

        Not with more than ``MAX_ASTERISKS`` asterisks in the text: a paragraph with as many is text as a
        whole (``app.render.long_content``), though its parts, each with fewer, are Markdown.
        """
        return self._cuts_clean and self.text.count("*") <= MAX_ASTERISKS

    @property
    def waiting_blocks(self) -> int:
        """How many committed blocks show a formula as its source (their images are not ready yet)."""
        return len(self._waiting)

    def typeset_blocks(self, limit: int | None = None) -> list[tuple[int, str]]:
        """``(key, HTML)`` of waiting blocks whose formulas are all typeset now; they wait no more.

        A block is rendered again only when the formulas it showed as source are all done: a paragraph of
        3,000 formulas would otherwise be rendered again for every few images that arrive. At most ``limit``
        blocks are rendered (all when None): the view swaps them in a frame at a time.
        """
        done: list[tuple[int, str]] = []
        for key, (tokens, env_before, formulas) in list(self._waiting.items()):
            if limit is not None and len(done) >= limit:
                break
            if not self._formulas_done(formulas):
                continue
            env = _without_waiting(env_before)
            rendered = self._renderer.render_tokens(tokens, env)
            self.blocks_rendered += 1
            if not math_pending(env):
                done.append((key, rendered))
                del self._waiting[key]
            else:
                self._waiting[key] = (tokens, env_before, _waiting_formulas(env))
        return done

    @property
    def pending_text(self) -> str:
        """The normalised text not yet committed (the tail's source)."""
        return self._pending

    def append(self, delta: str) -> RenderUpdate:
        """Add a chunk of text and return the blocks it finished plus the new tail.

        Raises:
            RuntimeError: After ``finish``.
        """
        if self._finished:
            raise RuntimeError("append() after finish()")
        self._chunks.append(delta)
        self._pending += self._normalise(delta)
        committed: tuple[str, ...] = ()
        if "\n" in delta or "\r" in delta:
            committed = self._commit_finished()
        if len(self._pending) > LONG_TAIL or _formula_marks(self._pending) > 2 * TAIL_FORMULAS:
            committed += self._commit_long_tail()
        return self._update(committed, self._render_tail())

    def refresh(self) -> RenderUpdate:
        """Render the tail again (formula images became ready)."""
        if self._finished:
            return RenderUpdate((), "", tail_changed=False)
        if not self._formulas_done(self._tail_formulas):
            return RenderUpdate((), self._tail_html, tail_changed=False)
        return self._update((), self._render_tail())

    def finish(self) -> RenderUpdate:
        """Commit everything that is left; the returned update has an empty tail."""
        if self._finished:
            return RenderUpdate((), "", tail_changed=False)
        self._finished = True
        if self._held_cr:
            self._pending += "\n"
            self._held_cr = False
        groups = split_blocks(self._parse(self._pending))
        self._join_first(groups)
        committed = tuple(self._render_group(group) for group in groups)
        self._pending = ""
        return self._update(committed, "")

    # -- internals ------------------------------------------------------------------------------------------

    def _normalise(self, delta: str) -> str:
        # Same rule as markdown-it's normaliser, applied before slicing so line numbers agree with its maps.
        if self._held_cr:
            delta = "\r" + delta
            self._held_cr = False
        if delta.endswith("\r"):
            delta = delta[:-1]
            self._held_cr = True
        return delta.replace("\r\n", "\n").replace("\r", "\n")

    def _parse(self, text: str) -> list[Any]:
        return self._renderer.parse(text, {"references": dict(self._references)})

    def _commit_finished(self) -> tuple[str, ...]:
        # Not past the line where a formula still arriving starts: its lines would be parsed again per chunk.
        formula = unfinished_formula_start(self._pending)
        end = len(self._pending) if formula is None else formula
        complete = self._pending[: self._pending.rfind("\n", 0, end) + 1]
        if not complete:
            return ()
        env: dict[str, Any] = {"references": dict(self._references)}
        groups = split_blocks(self._renderer.parse(complete, env))
        if len(groups) < 2:
            return ()
        last_start = groups[-1][0].map[0] if groups[-1][0].map else 0
        self._join_first(groups)
        committed = tuple(self._render_group(group) for group in groups[:-1])
        # Keep definitions that lie in the committed lines; later ones may still be growing.
        for label, ref in env.get("references", {}).items():
            line_range = ref.get("map") if isinstance(ref, dict) else None
            if label not in self._references and line_range and line_range[1] <= last_start:
                self._references[label] = ref
        self._pending = self._pending[_line_offset(self._pending, last_start) :]
        return committed

    def _commit_long_tail(self) -> tuple[str, ...]:
        """Commit all but the end of a tail paragraph or open fence over ``LONG_TAIL`` characters.

        See the module notes.
        """
        if self._unsplittable_at == self._blocks:
            return ()
        formula = unfinished_formula_start(self._pending)
        closed = len(self._pending) if formula is None else formula
        end = closed - min(_KEPT_TAIL, _kept_for_formulas(self._pending[:closed]))
        if end <= 0:
            return ()
        if _FENCE_START.match(self._pending):
            if len(self._pending) <= LONG_CODE:
                return ()  # nothing but a fence's own lines is committed while it is open (see there)
            piece = self._commit_code_lines(end)
            if piece is not None:
                return piece
        cut = self._pending.rfind("\n", 0, end) + 1  # after a line end: the next line starts afresh
        if cut < end // 2:
            cut = self._pending.rfind(" ", 0, end) + 1  # one long line: between words
        cut = _between_formulas(self._pending, cut, end // 2)
        # One unbroken run (base64, a minified file, 100,000 brackets) has no such place: it is cut where it
        # stands. Left whole, it was parsed and laid out again on every update (a 2 MB line took 104 s to
        # stream); the cut is provisional, and the message is rendered whole at its end.
        hard = cut < end // 2
        if hard:
            cut = end
        groups = split_blocks(self._parse(self._pending[:cut]))
        # Only a paragraph: a code block, table, list or quote keeps its structure (and its own limits).
        if len(groups) != 1 or groups[0][0].type != "paragraph_open":
            if len(groups) == 1:
                self._unsplittable_at = self._blocks
            return ()
        self.split_provisionally = True
        self._join_first(groups)
        if hard or not _clean_cut(groups[0], self._pending[:cut]):
            self._cuts_clean = False  # joining the parts with a space would put one inside a word
        self._joining = True
        self._pending = self._pending[cut:]
        return (self._render_group(groups[0]),)

    def _commit_code_lines(self, end: int) -> tuple[str, ...] | None:
        """Commit the whole lines before ``end`` of an open fence that starts the tail; None: it is not one.

        The committed piece is drawn as code going on below; the tail keeps the fence's opening line, so it
        is still parsed as the same open fence, and is drawn as code going on from above (no header bar, the
        same code-block number). The colours of a piece are its own (a string may span two pieces), so the
        message is rendered whole at its end, as for a paragraph cut in parts.
        """
        opening = self._pending.find("\n") + 1
        cut = self._pending.rfind("\n", 0, end) + 1
        if cut <= opening:
            return None  # one long line of code: it is left whole
        groups = split_blocks(self._parse(self._pending[:cut]))
        if len(groups) != 1 or not _is_open_fence(groups[0][0]):
            return None
        rendered = self._render_group(groups[0], code_goes_on=True)
        self._code_goes_on = True
        self.split_provisionally = True
        self._cuts_clean = False
        self._pending = self._pending[:opening] + self._pending[cut:]
        return (rendered,)

    def _join_first(self, groups: list[list[Any]]) -> None:
        """Note whether the first of ``groups`` (the text not committed) carries on a paragraph split before.

        It does when it is a paragraph starting on the first line. The paragraph ended at the cut when that
        line is blank; anything else there (a list, a heading, a setext underline turning the whole paragraph
        into a heading) reads differently from the whole text: the message is rendered again at its end.
        """
        if not self._joining:
            return
        self._joining = False
        first_line = self._pending.partition("\n")[0]
        if not first_line.strip():
            return
        first = groups[0][0] if groups else None
        if first is not None and first.type == "paragraph_open" and first.map and first.map[0] == 0:
            self._new_joins.append(self._blocks)
        else:
            self._cuts_clean = False

    def _render_group(self, group: list[Any], *, code_goes_on: bool = False) -> str:
        """Render a block for committing; remember it when it shows a formula as its source.

        ``code_goes_on``: the block is a piece of an open fence, continued by the next block.
        """
        self.blocks_rendered += 1
        env_before = dict(self._env)
        # The first block after a piece of an open fence is the rest of that fence.
        code_piece_env(self._env, after_piece=self._code_goes_on, before_piece=code_goes_on)
        self._code_goes_on = False
        rendered = self._renderer.render_tokens(group, self._env)
        code_piece_env(self._env, after_piece=False, before_piece=False)
        if math_pending(self._env):
            self._waiting[self._blocks] = (group, env_before, _waiting_formulas(self._env))
            self._env = _without_waiting(self._env)
            self._new_waiting.append(self._blocks)
        self._blocks += 1
        return rendered

    def _formulas_done(self, formulas: list[tuple[str, bool]]) -> bool:
        """Whether the formulas of ``formulas`` (last first) are all typeset; forget those that are."""
        # Typeset in the order asked: the first one not done yet ends the look.
        while formulas and self._renderer.formula_ready(*formulas[-1]):
            formulas.pop()
        return not formulas

    def _render_tail(self) -> str:
        self.tail_waits_for_formulas = False
        self._tail_formulas = []
        if not self._pending.strip():
            return ""
        # A copy of the env: the tail's code blocks are numbered after the committed ones but must not
        # advance the counter, because the tail is rendered again next time. Its code is highlighted only
        # once the block is committed.
        env = plain_code_env(self._env)
        code_piece_env(env, after_piece=self._code_goes_on, before_piece=False)
        text = self._pending
        formula = unfinished_formula_start(text)
        if formula is not None:
            text = self._pending[:formula]
        tokens = self._parse(text) if text.strip() else []
        self.blocks_rendered += len(split_blocks(tokens))
        rendered = self._renderer.render_tokens(tokens, env) if tokens else ""
        self.tail_waits_for_formulas = math_pending(env) > 0
        self._tail_formulas = _waiting_formulas(env)
        if formula is not None:
            # Its source as it is, until it closes; the text before it is Markdown as usual.
            in_line = bool(text) and not text.endswith("\n")
            rendered = self._renderer.render_unfinished_formula(rendered, self._pending[formula:], in_line)
        return rendered

    def _update(self, committed: tuple[str, ...], tail: str) -> RenderUpdate:
        changed = tail != self._tail_html
        self._tail_html = tail
        first = self._blocks - len(committed)
        waiting = tuple((key - first, key) for key in self._new_waiting)
        joins = tuple((key - first, key) for key in self._new_joins)
        self._new_waiting.clear()
        self._new_joins.clear()
        return RenderUpdate(
            committed, tail, tail_changed=changed or bool(committed), waiting=waiting, joins=joins
        )


def _without_waiting(env: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``env`` that counts no formula or image as waiting."""
    return {k: v for k, v in env.items() if k not in (MATH_PENDING_KEY, MATH_WAITING_KEY)}


def _waiting_formulas(env: dict[str, Any]) -> list[tuple[str, bool]]:
    """The formulas a block rendered with ``env`` waits for, last first.

    Empty when it waits for more (an image being decoded): it is then rendered again on every look.
    """
    formulas: list[tuple[str, bool]] = env.get(MATH_WAITING_KEY, [])
    return formulas[::-1] if len(formulas) == math_pending(env) else []


_OPENERS = frozenset("*_~[]`$\\<")
"""Characters that, left as text in a part of a paragraph, may pair with one after the cut in the whole."""


def _clean_cut(group: list[Any], source: str) -> bool:
    """Whether a paragraph part (``group``, parsed from ``source``) reads the same within the whole paragraph.

    Nothing may be left open (an emphasis, link, code span or formula delimiter shown as text) and no hard
    line break may end it (two spaces or a backslash before the cut line end).
    """
    if source.endswith(("  \n", "\\\n")) or any(token.type == LITERAL_TEXT for token in group):
        return False  # a part shown as text (``MAX_ASTERISKS``) may be Markdown within the whole
    return all(
        _OPENERS.isdisjoint(child.content)
        for token in group
        for child in token.children or ()
        if child.type == "text"
    )


def _formula_marks(text: str) -> int:
    """Formula delimiters in ``text``, two per inline formula (dollar amounts count too: a rough bound)."""
    return text.count("$") + text.count("\\(") + text.count("\\)")


def _kept_for_formulas(text: str) -> int:
    """How many characters at the end of ``text`` hold its last ``_KEPT_FORMULAS`` formulas (all if fewer)."""
    marks = [match.start() for match in _FORMULA_MARK.finditer(text)]
    if len(marks) <= 2 * _KEPT_FORMULAS:
        return len(text)
    return len(text) - marks[-2 * _KEPT_FORMULAS]


_FENCE_START = re.compile(r" {0,3}(?:```|~~~)")
"""The start of a fence's opening line (markdown-it decides whether it is one)."""


def _is_open_fence(token: Any) -> bool:
    """Whether ``token`` is a fence that runs to the end of what was parsed without its closing line."""
    if token.type != "fence" or not token.map:
        return False
    first, past = token.map
    return bool(token.content.count("\n") == past - first - 1)


def _between_formulas(text: str, cut: int, floor: int) -> int:
    """``cut``, or the nearest space or line end before it outside an inline formula if at ``floor`` or after.

    A cut inside ``$a + b$`` leaves a delimiter open in each part: the message would be rendered whole at its
    end. Pairs are counted from the start of ``text`` (a paragraph's start or a clean cut); a dollar amount
    upsets the count, and then no place may qualify: ``cut`` stays.
    """
    place = cut
    while place >= floor > 0:
        dollars, opened = text.count("$", 0, place), text.count("\\(", 0, place) - text.count("\\)", 0, place)
        if dollars % 2 == 0 and opened == 0:
            return place
        inside = max(text.rfind("$", 0, place), text.rfind("\\(", 0, place))
        place = max(text.rfind(" ", 0, inside), text.rfind("\n", 0, inside)) + 1
    return cut


def _line_offset(text: str, line: int) -> int:
    """Return the index in ``text`` where the 0-based line number ``line`` starts."""
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset
