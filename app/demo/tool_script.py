"""The demo gateway making the model call tools: ``/tools`` in the demo, or a question about the time.

When a request declares functions (``tools[].functionDeclarations``), the double plays a Gemini 3 model that
uses them, with thought signatures on its calls (which the client must send back byte for byte):

- a prompt with ``/tools``, or asking the time ("what time is it in Tokyo?", "东京现在几点"), calls the
  declared ``get_time`` tool; ``/tools parallel`` calls ``get_time`` for two cities and ``calculate`` at once
  (each call with an ``id``); ``/tools steps`` calls ``get_time``, then, seeing its result, ``calculate``;
- a request whose last turn holds ``functionResponse`` parts gets an answer quoting each response (or the
  next step of ``/tools steps``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.demo.responses import BANNER, chunk, estimate_tokens, signature, text_stream, usage
from app.demo.scenario import JsonObject, Scenario

__all__ = ["tool_scenario"]

_TIME_QUESTION = re.compile(r"(?i)\btime\b|几点|时间|時間")
_CITY = re.compile(r"(?i)\b(tokyo|beijing|shanghai|london|paris|berlin|new york|san francisco|sydney)\b")
_CITY_ZH = {"东京": "Tokyo", "北京": "Beijing", "上海": "Shanghai", "伦敦": "London", "巴黎": "Paris"}


def _declared(body: Any) -> list[str]:
    names: list[str] = []
    for tool in body.get("tools") or [] if isinstance(body, dict) else []:
        if isinstance(tool, dict):
            for declaration in tool.get("functionDeclarations") or []:
                if isinstance(declaration, dict) and isinstance(declaration.get("name"), str):
                    names.append(declaration["name"])
    return names


def _find(names: list[str], tool: str) -> str | None:
    return next((n for n in names if n == tool or n.endswith("__" + tool)), None)


def _last_turn(body: Any) -> dict[str, Any]:
    contents = body.get("contents") if isinstance(body, dict) else None
    if isinstance(contents, list) and contents and isinstance(contents[-1], dict):
        return contents[-1]
    return {}


def _responses(turn: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p["functionResponse"]
        for p in turn.get("parts") or []
        if isinstance(p, dict) and isinstance(p.get("functionResponse"), dict)
    ]


def _first_prompt_with_command(body: Any) -> str:
    for content in reversed(body.get("contents") or []):
        if isinstance(content, dict) and content.get("role", "user") == "user":
            text = "".join(p.get("text", "") for p in content.get("parts") or [] if isinstance(p, dict))
            if text:
                return text
    return ""


def _city(prompt: str) -> str:
    match = _CITY.search(prompt)
    if match:
        return match.group(1).title()
    return next((city for zh, city in _CITY_ZH.items() if zh in prompt), "Tokyo")


def _calls(calls: list[tuple[str, dict[str, Any]]], seed: int) -> Scenario:
    parts: list[JsonObject] = [
        {
            "text": "**Choosing a tool**\n\nThe user wants live data; a declared function provides it.",
            "thought": True,
        }
    ]
    for index, (name, args) in enumerate(calls):
        part: JsonObject = {"functionCall": {"name": name, "args": args, "id": f"call-{seed}-{index}"}}
        if index == 0:
            part["thoughtSignature"] = signature(seed)
        parts.append(part)
    return Scenario(
        "tool-calls",
        chunks=[
            chunk(parts[:1], usage_metadata=usage(60, 0, 24)),
            chunk(parts[1:], usage_metadata=usage(60, 12 * len(calls), 24), finish_reason="STOP"),
        ],
    )


def _summary(responses: list[dict[str, Any]], prompt: str) -> Scenario:
    lines = [BANNER, "", "The tools answered:" if "zh" not in prompt else "工具的回答：", ""]
    for response in responses:
        body = response.get("response")
        lines.append(f"- `{response.get('name', '')}`: {json.dumps(body, ensure_ascii=False)[:400]}")
    time = next(
        (r["response"]["output"] for r in responses if isinstance(r.get("response"), dict)
         and isinstance(r["response"].get("output"), dict) and "time" in r["response"]["output"]),
        None,
    )  # fmt: skip
    if isinstance(time, dict):
        lines += [
            "",
            f"It is **{time.get('time', '?')}** in {time.get('zone', '?')} "
            f"(UTC{time.get('utc_offset', '')}).",
        ]
    text = "\n".join(lines)
    return Scenario("tool-answer", chunks=text_stream(text, prompt_tokens=estimate_tokens(text) + 40))


def tool_scenario(body: Any) -> Scenario | None:
    """The answer of a model using the request's declared tools, or None when this is not such a request."""
    names = _declared(body)
    last = _last_turn(body)
    responses = _responses(last)
    prompt = _first_prompt_with_command(body)
    get_time, calculate = _find(names, "get_time"), _find(names, "calculate")
    if responses:
        answered = {r.get("name") for r in responses}
        if "/tools steps" in prompt and calculate and calculate not in answered and get_time in answered:
            return _calls([(calculate, {"operation": "add", "a": 9, "b": 1})], seed=32)
        return _summary(responses, prompt)
    if not names or not get_time or not ("/tools" in prompt or _TIME_QUESTION.search(prompt)):
        return None
    if "/tools parallel" in prompt and calculate:
        return _calls(
            [
                (get_time, {"zone": "Asia/Tokyo"}),
                (get_time, {"zone": "Europe/London"}),
                (calculate, {"operation": "multiply", "a": 6, "b": 7}),
            ],
            seed=31,
        )
    return _calls([(get_time, {"zone": _city(prompt)})], seed=30)
