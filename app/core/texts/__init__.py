"""What the core says to people, as stable codes and parameters, and the catalogues that word them.

The core never holds a sentence. An error or a notice carries a :class:`Text`: a stable code such as
``"gemini.rate_limit.title"`` plus the parameters its wording needs (``Text("gemini.idle_timeout.title",
idle="300")``). Whoever shows it calls :func:`render` with the language the app decided on, at display time,
so a text stored today reads correctly in any language tomorrow, and a language switch re-renders everything
from the same codes. Like httpx's exception map, the code says *what* happened; like napari's ``trans._``, one
catalogue per language says it.

The catalogues are the modules of this package named by locale (``en.py``, ``zh_CN.py``): each has one
``TEXTS`` mapping from code to a ``str.format`` template with named fields. English is the reference
catalogue: every code has an English text, and a code missing from another catalogue is shown in English.
Adding a language is adding one module here (``tests/core/test_texts.py`` checks that its codes and fields
match the English ones).

Codes are stored (in the chat history, in exports): never rename or remove one that has shipped; add a new
code instead.
"""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
import re
import string
from collections.abc import Mapping, Sequence
from typing import Final, Union

_log = logging.getLogger(__name__)

REFERENCE: Final = "en"
"""The catalogue every code must be in, and the fallback for every other one."""

# A catalogue module's name is a locale name: "en", "zh_CN", "pt_BR", "sr_Latn"...
_LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_[A-Z]{2})?$")

Param = Union[str, int, float, "Text", "Joined", "Verbatim"]
"""A value a template can hold: a plain value (shown as is), or another text rendered in the same language."""


class Text:
    """One thing to say: a stable code and the parameters its wording needs.

    Attributes:
        code: The catalogue key, e.g. ``"gemini.rate_limit.title"``.
        params: The template's fields by name; values that are texts themselves are rendered in the same
            language (a harm category's name inside a safety notice).
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Param) -> None:
        self.code = code
        self.params: Mapping[str, Param] = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.code, dict(self.params)) == (other.code, dict(other.params))

    __hash__ = None  # type: ignore[assignment]  # params are a dict: equal texts need not hash alike

    def __repr__(self) -> str:
        fields = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Text({self.code!r}{fields})"


class Joined:
    """Several pieces shown one after the other, with a separator between them.

    Attributes:
        parts: The pieces, in order.
        separator: What goes between two pieces: a plain string for a layout that no language changes
            (a line break between lines), or a text for punctuation that does (``Text("list.separator")``).
    """

    __slots__ = ("parts", "separator")

    def __init__(self, parts: Sequence[Param], separator: Param = "") -> None:
        self.parts = tuple(parts)
        self.separator = separator

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Joined) and (self.parts, self.separator) == (other.parts, other.separator)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Joined({list(self.parts)!r}, {self.separator!r})"


def error_message(
    title: Param, hint: Param, *, status: int | None = None, quotes: Sequence[tuple[str, str | None]] = ()
) -> Joined:
    """How an error reads: a headline (with the HTTP status, if any), what to do, then quoted texts.

    Args:
        title: What happened, in one short sentence.
        hint: What the user can do about it.
        status: The HTTP status the gateway answered with.
        quotes: (code, text) pairs of other people's words, such as ``("error.gateway_message", "…")``; one
            line each, in this order; empty ones are left out.
    """
    shown_status: Param = "" if status is None else Text("error.status", status=status)
    lines: list[Param] = [Text("error.headline", title=title, status=shown_status), hint]
    lines.extend(Text(code, text=text) for code, text in quotes if text)
    return Joined(lines, "\n")


class Verbatim:
    """Words that were stored already worded, in several languages, because no code for them is known.

    Chat histories of schema version 1 kept an error's wording in English and Chinese; when that wording
    matches no code (an older version worded it differently), it is kept as it was and shown in the
    catalogue's language, else in English.

    Attributes:
        wording: The words by catalogue name (``{"en": …, "zh_CN": …}``); English is always there.
    """

    __slots__ = ("wording",)

    def __init__(self, wording: Mapping[str, str]) -> None:
        self.wording = dict(wording)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Verbatim) and self.wording == other.wording

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Verbatim({self.wording!r})"


# --- Catalogues ---


def languages() -> tuple[str, ...]:
    """The locale names of the catalogues this package holds, English first."""
    names = sorted(
        info.name for info in pkgutil.iter_modules(__path__) if _LOCALE_RE.match(info.name) and not info.ispkg
    )
    return (REFERENCE, *(name for name in names if name != REFERENCE))


def catalogue(language: str) -> Mapping[str, str]:
    """The texts of one catalogue by its exact locale name (one of :func:`languages`)."""
    module = importlib.import_module(f"{__name__}.{language}")
    texts: Mapping[str, str] = module.TEXTS
    return texts


@functools.cache
def catalogue_language(locale_name: str) -> str:
    """The catalogue that speaks to someone using ``locale_name``.

    Args:
        locale_name: A locale or language name in any usual spelling: ``zh_CN``, ``zh-Hans``, ``en_GB``.

    Returns:
        The catalogue of that exact locale when there is one, else the first of the same language (every
        Chinese variant reads the Simplified Chinese one better than English), else English.
    """
    name = locale_name.strip().replace("-", "_").split(".")[0]  # "zh_CN.UTF-8" names the same locale
    available = languages()
    if name in available:
        return name
    primary = name.split("_")[0].lower()
    for language in available:
        if language.split("_")[0] == primary:
            return language
    return REFERENCE


def template_fields(template: str) -> frozenset[str]:
    """The names of the fields a template fills in (``"{idle} s"`` → ``{"idle"}``)."""
    return frozenset(field for _, field, _, _ in string.Formatter().parse(template) if field is not None)


# --- Rendering ---


class _KeepMissing(dict[str, object]):
    """Format fields: a field the text does not provide stays visible as ``{name}`` instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(value: Param, locale_name: str) -> str:
    """Word ``value`` in the language that serves ``locale_name`` (see :func:`catalogue_language`).

    A code the language's catalogue lacks is worded in English; a code no catalogue knows (a stored text
    from a newer version) is shown as the code itself, so nothing the user kept is ever lost to an error.
    """
    language = catalogue_language(locale_name)
    chain = (catalogue(language),) if language == REFERENCE else (catalogue(language), catalogue(REFERENCE))
    return render_from(value, chain, language)


def render_from(value: Param, catalogues: Sequence[Mapping[str, str]], language: str = REFERENCE) -> str:
    """Word ``value`` with the first of ``catalogues`` that has each code (:func:`render` chooses them).

    Args:
        value: What to say.
        catalogues: The language's catalogue, then the ones to fall back on.
        language: The catalogues' language, for words stored :class:`Verbatim`.
    """
    if isinstance(value, Text):
        template = next((texts[value.code] for texts in catalogues if value.code in texts), None)
        if template is None:
            _log.warning("no text for %r", value.code)
            return value.code
        fields = _KeepMissing(
            (name, param if isinstance(param, int | float) else render_from(param, catalogues, language))
            for name, param in value.params.items()
        )
        try:
            return template.format_map(fields)
        except (ValueError, IndexError, AttributeError, TypeError):
            _log.warning("the text of %r cannot be filled in", value.code)
            return template
    if isinstance(value, Joined):
        separator = render_from(value.separator, catalogues, language)
        return separator.join(render_from(part, catalogues, language) for part in value.parts)
    if isinstance(value, Verbatim):
        return value.wording.get(language) or value.wording.get(REFERENCE, "")
    return str(value)


# --- Storing ---


def to_json(value: Param) -> object:
    """The JSON form of a text, for the store and exports (codes and parameters, never wording)."""
    if isinstance(value, Text):
        return {"code": value.code, "params": {name: to_json(param) for name, param in value.params.items()}}
    if isinstance(value, Joined):
        return {"joined": [to_json(part) for part in value.parts], "separator": to_json(value.separator)}
    if isinstance(value, Verbatim):
        return {"verbatim": dict(value.wording)}
    return value


def from_json(data: object) -> Param | None:
    """Read back what :func:`to_json` wrote; None for anything else (stored data may be damaged)."""
    if isinstance(data, str | int | float) and not isinstance(data, bool):
        return data
    if not isinstance(data, Mapping):
        return None
    if isinstance(data.get("code"), str) and isinstance(data.get("params", {}), Mapping):
        params: dict[str, Param] = {}
        for name, raw in data.get("params", {}).items():
            param = from_json(raw)
            if not isinstance(name, str) or param is None:
                return None
            params[name] = param
        return Text(data["code"], **params)
    if isinstance(data.get("joined"), list):
        parts = [from_json(part) for part in data["joined"]]
        separator = from_json(data.get("separator", ""))
        if separator is None or any(part is None for part in parts):
            return None
        return Joined([part for part in parts if part is not None], separator)
    wording = data.get("verbatim")
    if isinstance(wording, Mapping) and all(isinstance(words, str) for words in wording.values()):
        return Verbatim({str(language): words for language, words in wording.items()})
    return None
