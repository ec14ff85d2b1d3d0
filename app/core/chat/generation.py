"""Per-conversation generation settings, their validation, and their place in a request body."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.texts import REFERENCE, Param, Text, render

SAFETY_CATEGORIES = (
    "HARM_CATEGORY_HARASSMENT",
    "HARM_CATEGORY_HATE_SPEECH",
    "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    "HARM_CATEGORY_DANGEROUS_CONTENT",
)
SAFETY_THRESHOLDS = (
    "BLOCK_NONE",
    "BLOCK_ONLY_HIGH",
    "BLOCK_MEDIUM_AND_ABOVE",
    "BLOCK_LOW_AND_ABOVE",
    "OFF",
)
THINKING_LEVELS = ("minimal", "low", "medium", "high")
MAX_STOP_SEQUENCES = 5

#: A conversation's tool state that belongs to this machine: which of its MCP servers are on and which tools
#: the user allowed there. It never arrives in an import (a file could switch on a server or carry "allow"),
#: and never becomes a default for new conversations (an "allow in this conversation" would then cover every
#: new one, out of sight of Settings → Tools where approvals are revoked).
LOCAL_TOOL_FIELDS = ("mcp_tools", "tool_approvals")


def without_local_tool_state(settings: Mapping[str, Any]) -> dict[str, Any]:
    """``settings`` (stored generation settings) without ``LOCAL_TOOL_FIELDS``."""
    return {key: value for key, value in settings.items() if key not in LOCAL_TOOL_FIELDS}


class GenerationSettingsError(ValueError):
    """A setting is out of range for the chosen model; ``str(error)`` is the reason in English, for logs.

    Attributes:
        field_name: The setting concerned (``temperature``, ``thinking_budget``…).
        message: The reason, a text of ``app.core.texts`` (``generation.<problem>``) worded when shown.
    """

    def __init__(self, field_name: str, code: str, **params: Param) -> None:
        self.field_name = field_name
        self.message = Text(code, **params)
        super().__init__(render(self.message, REFERENCE))


@dataclass(frozen=True, slots=True)
class GenerationSettings:
    """What a conversation sends besides its history.

    ``None`` means "let the model decide" and leaves the field out of the request.
    ``thinking_budget`` applies to Gemini 2.5 models (-1 dynamic, 0 off where allowed);
    ``thinking_level`` applies to Gemini 3 models. Only the one that fits the model is sent.
    ``mcp_tools`` names the MCP servers (``name``) and tools (``server/tool``) offered to the model in this
    conversation (None: the app's default set); ``tool_approvals`` the tools allowed without asking in this
    conversation. Neither is imported nor saved as a default (``LOCAL_TOOL_FIELDS``).
    """

    system_instruction: str = ""
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    max_output_tokens: int | None = None
    stop_sequences: tuple[str, ...] = ()
    seed: int | None = None
    thinking_budget: int | None = None
    thinking_level: str | None = None
    include_thoughts: bool = True
    safety: dict[str, str] = field(default_factory=dict)
    image_output: bool = False
    google_search: bool = False
    code_execution: bool = False
    url_context: bool = False
    mcp_tools: tuple[str, ...] | None = None
    tool_approvals: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict for storage."""
        data = dataclasses.asdict(self)
        data["stop_sequences"] = list(self.stop_sequences)
        data["mcp_tools"] = None if self.mcp_tools is None else list(self.mcp_tools)
        data["tool_approvals"] = list(self.tool_approvals)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> GenerationSettings:
        """Build from stored JSON, ignoring unknown keys and values of the wrong type."""
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for item in dataclasses.fields(cls):
            if item.name not in data:
                continue
            value = data[item.name]
            default = getattr(defaults, item.name)
            if item.name in ("mcp_tools", "tool_approvals", "stop_sequences") and isinstance(
                value, list | tuple
            ):
                values[item.name] = tuple(str(v) for v in value)
            elif item.name == "safety" and isinstance(value, dict):
                values[item.name] = {str(k): str(v) for k, v in value.items()}
            elif _type_fits(value, item.name, default):
                values[item.name] = value
        return dataclasses.replace(defaults, **values)

    def merged(self, **changes: Any) -> GenerationSettings:
        """A copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)


_OPTIONAL_FLOATS = {"temperature", "top_p"}
_OPTIONAL_INTS = {"top_k", "max_output_tokens", "seed", "thinking_budget"}


def _type_fits(value: Any, name: str, default: Any) -> bool:
    if name in _OPTIONAL_FLOATS:
        return value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    if name in _OPTIONAL_INTS:
        return value is None or (isinstance(value, int) and not isinstance(value, bool))
    if name == "thinking_level":
        return value is None or isinstance(value, str)
    return isinstance(value, type(default))


@dataclass(frozen=True, slots=True)
class ModelTraits:
    """What the model name tells about its thinking options."""

    generation: int
    is_pro: bool
    is_lite: bool
    is_image: bool

    @property
    def uses_thinking_level(self) -> bool:
        """Gemini 3 takes ``thinkingLevel``; 2.5 takes ``thinkingBudget``."""
        return self.generation >= 3

    @property
    def supports_thinking(self) -> bool:
        """Image-output models do not think."""
        return self.generation >= 2 and not self.is_image


_VERSION = re.compile(r"gemini-(\d+)(?:\.(\d+))?")


def model_traits(model: str) -> ModelTraits:
    """Guess a model's traits from its name (``gemini-2.5-pro``, ``models/gemini-3-flash-preview``…)."""
    name = model.lower().removeprefix("models/")
    match = _VERSION.search(name)
    major = int(match.group(1)) if match else 0
    minor = int(match.group(2) or 0) if match else 0
    generation = major if major >= 3 else (2 if (major, minor) >= (2, 5) else 1)
    return ModelTraits(
        generation=generation,
        is_pro="-pro" in name,
        is_lite="-lite" in name,
        is_image="image" in name,
    )


def validate(settings: GenerationSettings, model: str) -> list[GenerationSettingsError]:
    """Every problem with ``settings`` for ``model``; an empty list means the request may be sent."""
    problems: list[GenerationSettingsError] = []

    def problem(name: str, **params: Param) -> None:
        problems.append(GenerationSettingsError(name, f"generation.{name}", **params))

    if settings.temperature is not None and not 0.0 <= settings.temperature <= 2.0:
        problem("temperature")
    if settings.top_p is not None and not 0.0 <= settings.top_p <= 1.0:
        problem("top_p")
    if settings.top_k is not None and settings.top_k < 1:
        problem("top_k")
    if settings.max_output_tokens is not None and settings.max_output_tokens < 1:
        problem("max_output_tokens")
    if len(settings.stop_sequences) > MAX_STOP_SEQUENCES:
        problem("stop_sequences", count=MAX_STOP_SEQUENCES)
    for category, threshold in settings.safety.items():
        if category not in SAFETY_CATEGORIES or threshold not in SAFETY_THRESHOLDS:
            problem("safety", category=str(category), threshold=str(threshold))
    problems.extend(_thinking_problems(settings, model_traits(model)))
    return problems


def _thinking_problems(settings: GenerationSettings, traits: ModelTraits) -> list[GenerationSettingsError]:
    budget, level = settings.thinking_budget, settings.thinking_level
    problems: list[GenerationSettingsError] = []
    if level is not None and level not in THINKING_LEVELS:
        problems.append(
            GenerationSettingsError("thinking_level", "generation.thinking_level", level=str(level))
        )
    if budget is None or traits.uses_thinking_level or not traits.supports_thinking:
        return problems
    if traits.is_pro and budget == 0:
        problems.append(GenerationSettingsError("thinking_budget", "generation.thinking_budget.pro_off"))
    elif budget != -1 and budget != 0:
        low, high = (128, 32768) if traits.is_pro else ((512, 24576) if traits.is_lite else (1, 24576))
        if not low <= budget <= high:
            problems.append(
                GenerationSettingsError(
                    "thinking_budget", "generation.thinking_budget.range", low=low, high=high
                )
            )
    elif budget < -1:
        problems.append(GenerationSettingsError("thinking_budget", "generation.thinking_budget.negative"))
    return problems


def fit_thinking_to_model(
    settings: GenerationSettings, model: str
) -> tuple[GenerationSettings, GenerationSettingsError | None]:
    """``settings`` with a thinking setting ``model`` cannot take replaced by the model's default.

    A conversation keeps its settings when its model changes, so a budget that was right for Flash (0, no
    thinking) reaches Pro, which answers 400 to it. Rather than send a request that must fail, the answer
    uses the model's own default, and the problem is returned so the user can be told.

    Returns:
        The settings to send, and the problem that made them differ (None when nothing changed).
    """
    problems = _thinking_problems(settings, model_traits(model))
    if not problems:
        return settings, None
    fields = {problem.field_name for problem in problems}
    fitted = dataclasses.replace(
        settings,
        thinking_budget=None if "thinking_budget" in fields else settings.thinking_budget,
        thinking_level=None if "thinking_level" in fields else settings.thinking_level,
    )
    return fitted, problems[0]


def request_fields(settings: GenerationSettings, model: str) -> dict[str, Any]:
    """The request body fields besides ``contents``: systemInstruction, generationConfig, safety, tools."""
    traits = model_traits(model)
    config: dict[str, Any] = {}
    for key, value in (
        ("temperature", settings.temperature),
        ("topP", settings.top_p),
        ("topK", settings.top_k),
        ("maxOutputTokens", settings.max_output_tokens),
        ("seed", settings.seed),
    ):
        if value is not None:
            config[key] = value
    if settings.stop_sequences:
        config["stopSequences"] = list(settings.stop_sequences)
    if settings.image_output:
        config["responseModalities"] = ["TEXT", "IMAGE"]
    thinking = _thinking_config(settings, traits)
    if thinking:
        config["thinkingConfig"] = thinking

    fields: dict[str, Any] = {}
    if settings.system_instruction.strip():
        # There is no "system" role in contents: Google answers 400 to one.
        fields["systemInstruction"] = {"parts": [{"text": settings.system_instruction}]}
    if config:
        fields["generationConfig"] = config
    if settings.safety:
        fields["safetySettings"] = [
            {"category": category, "threshold": threshold} for category, threshold in settings.safety.items()
        ]
    tools: list[dict[str, Any]] = []
    if settings.google_search:
        tools.append({"googleSearch": {}})
    if settings.code_execution:
        tools.append({"codeExecution": {}})
    if settings.url_context:
        tools.append({"urlContext": {}})
    if tools:
        fields["tools"] = tools
    return fields


def _thinking_config(settings: GenerationSettings, traits: ModelTraits) -> dict[str, Any]:
    if not traits.supports_thinking:
        return {}
    thinking: dict[str, Any] = {}
    if settings.include_thoughts:
        thinking["includeThoughts"] = True
    # Never both: Gemini 3 rejects a budget together with a level.
    if traits.uses_thinking_level:
        if settings.thinking_level is not None:
            thinking["thinkingLevel"] = settings.thinking_level
    elif settings.thinking_budget is not None:
        thinking["thinkingBudget"] = settings.thinking_budget
    return thinking
