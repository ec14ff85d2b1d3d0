"""The default "scripted chat": deterministic Markdown answers for ``gemini-desk --demo`` and for tests.

Every reply starts with the line ``*Demo gateway — scripted answer.*`` and echoes the start of the
last user message, the model and the main request settings, proving the request arrived intact. A
prompt containing Chinese, Japanese or Korean text also gets a Chinese paragraph. Replies stream in
~150-character chunks with cumulative ``usageMetadata`` and ``finishReason`` STOP on the last chunk.

Commands anywhere in the last user message switch to a feature scenario:

========================  =======================================================================
``/help``                 the list of commands
``/think``                thought summaries with signatures, then the answer (``thoughts``)
``/search``               a Chinese answer with search grounding (``grounding-cjk``)
``/code``                 code execution: code, its output, a conclusion (``code-execution``)
``/function``             a function call with a thought signature (``function-call``)
``/tools``                with tools on, calls the demo tools (``/tools parallel``, ``/tools steps``;
                          ``app.demo.tool_script``); so does a question about the time
``/image``                a small gradient PNG as inline data, after a line of text
``/long``                 a long Markdown document in many chunks (``long-markdown``)
``/math``                 formulas with every delimiter, task lists, footnotes, quotes (``math``)
``/error <x>``            an error: ``/error 429`` (also 401, 403, 413, 500, 502, 503, or any
                          error scenario name such as ``429-google`` or ``cut-connection``)
``/scenario <name>``      any scenario by its registry name
========================  =======================================================================

A ``:generateContent`` request whose prompt mentions "title" or "标题" gets a short title instead.
"""

from __future__ import annotations

import base64
import dataclasses
import re
from typing import Any

from app.demo.png import gradient_png
from app.demo.responses import BANNER, chunk, estimate_tokens, text_stream, usage
from app.demo.scenario import JsonObject, Scenario
from app.demo.scenarios import SCENARIOS, make_scenario
from app.demo.tool_script import tool_scenario

_COMMAND = re.compile(
    r"(?<!\S)/(help|think|search|code|function|image|long|math|error|scenario)\b[ \t]*([\w.-]*)"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SHORTCUTS = {
    "think": "thoughts",
    "search": "grounding-cjk",
    "code": "code-execution",
    "function": "function-call",
}
_SHORTCUTS["long"] = "long-markdown"
_SHORTCUTS["math"] = "math"
_ERROR_SUFFIXES = ("", "-zh", "-google", "-html", "-model-not-found")
_QUOTE_CHARS = 280
_TITLE_WORDS = 6
_TITLE_CJK_CHARS = 14

HELP_TEXT = """### Demo commands · 演示命令

| Command | What comes back |
|---|---|
| `/think` | thought summaries, then the answer |
| `/search` | a Chinese answer with search grounding and sources |
| `/code` | code execution: code, output, conclusion |
| `/function` | a function call |
| `/tools` | with tools on (Settings → Tools): the model calls them · 工具调用 |
| `/image` | a generated PNG image |
| `/long` | a long Markdown document |
| `/math` | formulas, task lists, footnotes · 公式 |
| `/error 429` | an error (401, 403, 413, 429, 500, 502, 503, `cut-connection`, `stall`…) |
| `/scenario <name>` | any scenario; the model picker lists them as `demo-scenario-<name>` |
"""


def last_user_text(body: Any) -> str:
    """Return the text of the last ``user`` turn in a request body ("" if there is none)."""
    contents = body.get("contents") if isinstance(body, dict) else None
    if not isinstance(contents, list):
        return ""
    for content in reversed(contents):
        if isinstance(content, dict) and content.get("role", "user") == "user":
            parts = content.get("parts") or []
            return "".join(p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


def scripted_scenario(body: Any, *, model: str, streaming: bool, delay: float = 0.0) -> Scenario:
    """Choose the answer to a request that no test or header asked for anything specific.

    Args:
        body: the parsed request body.
        model: the model named in the URL.
        streaming: the stream route (False: ``:generateContent``, where titles are answered).
        delay: seconds between chunks; the first byte waits ten times as long, like a short think.
    """
    prompt = last_user_text(body)
    tools = tool_scenario(body) if streaming else None
    if tools is not None:
        return _paced(tools, delay)
    if not streaming and _asks_for_title(prompt):
        return _paced(_title_scenario(body, prompt), delay)
    command = _COMMAND.search(prompt)
    if command is None:
        return _paced(Scenario("scripted-chat", chunks=_echo_chunks(body, prompt, model)), delay)
    name, argument = command.group(1), command.group(2)
    if name == "help":
        return _paced(Scenario("scripted-help", chunks=text_stream(f"{BANNER}\n\n{HELP_TEXT}")), delay)
    if name == "image":
        return _paced(_image_scenario(prompt), delay)
    if name in _SHORTCUTS:
        return _paced(make_scenario(_SHORTCUTS[name]), delay)
    chosen = _error_name(argument) if name == "error" else (argument if argument in SCENARIOS else None)
    if chosen is None:
        text = f"{BANNER}\n\nUnknown scenario `{argument}`.\n\n{HELP_TEXT}"
        return _paced(Scenario("scripted-help", chunks=text_stream(text)), delay)
    return _paced(make_scenario(chosen), delay)


def _paced(scenario: Scenario, delay: float) -> Scenario:
    """Give a scenario without pacing of its own the demo's realistic delays."""
    if delay <= 0 or scenario.chunk_delay or scenario.first_byte_delay or scenario.write_delay:
        return scenario
    return dataclasses.replace(scenario, chunk_delay=delay, first_byte_delay=delay * 10)


def _error_name(argument: str) -> str | None:
    for suffix in _ERROR_SUFFIXES:
        if argument + suffix in SCENARIOS:
            return argument + suffix
    return "500-google" if not argument else None


def _asks_for_title(prompt: str) -> bool:
    return "title" in prompt.lower() or "标题" in prompt


def _title_scenario(body: Any, prompt: str) -> Scenario:
    title = make_title(_title_source(body, prompt))
    tokens = usage(estimate_tokens(prompt), estimate_tokens(title))
    only = chunk([{"text": title}], usage_metadata=tokens, finish_reason="STOP")
    return Scenario("scripted-title", chunks=[only])


def _title_source(body: Any, prompt: str) -> str:
    """Find the conversation's first message: an earlier turn, or a prompt line not about the title."""
    contents = body.get("contents") if isinstance(body, dict) else None
    if isinstance(contents, list) and len(contents) > 1:
        first = last_user_text({"contents": contents[:1]})
        if first:
            return first
    for line in prompt.splitlines():
        stripped = re.sub(r"^\s*(user|用户|you)\s*[:：]\s*", "", line, flags=re.IGNORECASE).strip()
        if stripped and not _asks_for_title(stripped):
            return stripped
    return prompt


def make_title(text: str) -> str:
    """Make a short title from the start of `text` (a few words, or a few CJK characters)."""
    cleaned = _COMMAND.sub("", text)
    cleaned = re.sub(r"[#*`>_\[\]()\"“”]+", " ", cleaned).strip()
    if not cleaned:
        return "Demo conversation"
    if _CJK.search(cleaned[:_TITLE_CJK_CHARS]):
        title = cleaned.split("\n")[0][:_TITLE_CJK_CHARS]
    else:
        title = " ".join(cleaned.split()[:_TITLE_WORDS])
    return title.strip(" ,.;:!?，。！？：；") or "Demo conversation"


def _quote(prompt: str) -> str:
    excerpt = prompt if len(prompt) <= _QUOTE_CHARS else prompt[:_QUOTE_CHARS] + "…"
    return "\n".join("> " + line for line in (excerpt.splitlines() or [""]))


def _settings_line(body: Any, model: str) -> str:
    body = body if isinstance(body, dict) else {}
    config = body.get("generationConfig") or {}
    facts = [f"model `{model}`"]
    if "temperature" in config:
        facts.append(f"temperature {config['temperature']}")
    thinking = config.get("thinkingConfig")
    if isinstance(thinking, dict) and thinking:
        facts.append("thinking " + ", ".join(f"{key}={value}" for key, value in sorted(thinking.items())))
    tools = [key for tool in body.get("tools") or [] if isinstance(tool, dict) for key in tool]
    if tools:
        facts.append("tools " + ", ".join(tools))
    contents = body.get("contents") or []
    attachments = sum(
        1
        for content in contents
        if isinstance(content, dict)
        for part in content.get("parts") or []
        if isinstance(part, dict) and ("inlineData" in part or "fileData" in part)
    )
    facts.append(f"{len(contents)} turn(s) in the history")
    if attachments:
        facts.append(f"{attachments} attachment(s)")
    if body.get("systemInstruction"):
        facts.append("a system instruction")
    return "; ".join(facts)


def _echo_chunks(body: Any, prompt: str, model: str) -> list[JsonObject]:
    lines = [
        BANNER,
        "",
        "You are talking to the **local demo gateway**: no model was called and no key was needed.",
        "",
        f"**You wrote** ({len(prompt)} characters):",
        "",
        _quote(prompt),
        "",
        f"**Request received:** {_settings_line(body, model)}.",
    ]
    if _CJK.search(prompt):
        lines += [
            "",
            f"这是演示网关的脚本回答，没有调用任何真实模型。你的消息共 {len(prompt)} 个字符，"
            "已经完整收到。试试输入 `/help` 查看可以演示的功能。",
        ]
    lines += ["", HELP_TEXT]
    text = "\n".join(lines)
    return text_stream(text, prompt_tokens=estimate_tokens(prompt) + 4)


def _image_scenario(prompt: str) -> Scenario:
    data = base64.b64encode(gradient_png()).decode()
    intro = f"{BANNER}\n\nHere is a generated image for: *{prompt.strip()[:80]}*"
    chunks = [
        chunk([{"text": intro}], usage_metadata=usage(estimate_tokens(prompt), estimate_tokens(intro))),
        chunk(
            [{"inlineData": {"mimeType": "image/png", "data": data}}],
            usage_metadata=usage(estimate_tokens(prompt), estimate_tokens(intro) + 1290),
            finish_reason="STOP",
        ),
    ]
    return Scenario("scripted-image", chunks=chunks)
