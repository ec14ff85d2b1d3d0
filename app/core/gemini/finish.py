"""Plain-language notices for how a reply ended, in English and Simplified Chinese.

Gemini reports the end of an answer as a `finishReason` code on the candidate, and a refused prompt as
`promptFeedback.blockReason`. Users should see what happened and what to do, not the code. A normal end (STOP)
needs no notice; a stream that ended without any reason was cut off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.core.gemini.events import Snapshot

Severity = Literal["info", "warning", "error"]

# (title, detail) per language; "{categories}" and "{reason}" are filled in where present.
_Texts = dict[str, tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Notice:
    """What the UI shows under a reply that did not end normally.

    Attributes:
        severity: "info", "warning" or "error".
        title: A short headline.
        detail: What happened and what to do.
    """

    severity: Severity
    title: str
    detail: str


def _language(lang: str) -> str:
    # Accept locale spellings such as "zh_CN" or "zh-Hans"; everything not Chinese falls back to English.
    return "zh" if lang.lower().startswith("zh") else "en"


_FINISH: dict[str, tuple[Severity, _Texts]] = {
    "MAX_TOKENS": (
        "warning",
        {
            "en": (
                "Answer cut off",
                "The reply reached the output length limit (maxOutputTokens) and stopped. "
                "Ask the model to continue, or raise the output limit.",
            ),
            "zh": (
                "回答被截断",
                "回复达到了输出长度上限（maxOutputTokens）后停止。可以让模型继续，或调高输出上限。",
            ),
        },
    ),
    "SAFETY": (
        "warning",
        {
            "en": (
                "Stopped by safety filters",
                "The answer was stopped because it was flagged as potentially harmful{categories}. "
                "Rephrase the request or adjust the safety settings.",
            ),
            "zh": (
                "因安全过滤而停止",
                "回答被判定为可能有害而停止{categories}。请换一种问法，或调整安全设置。",
            ),
        },
    ),
    "RECITATION": (
        "warning",
        {
            "en": (
                "Stopped for reciting existing material",
                "The answer closely repeated existing material (for example copyrighted text) and was "
                "stopped. Ask for a summary or for the content in the model's own words.",
            ),
            "zh": (
                "因复述原文而停止",
                "回答与现有资料（例如受版权保护的文本）过于相似，已被停止。可以请模型概括或改写。",
            ),
        },
    ),
    "LANGUAGE": (
        "warning",
        {
            "en": (
                "Unsupported language",
                "The answer was stopped because it used a language the model does not support.",
            ),
            "zh": ("不支持的语言", "回答使用了模型不支持的语言，因此被停止。"),
        },
    ),
    "OTHER": (
        "error",
        {
            "en": ("Stopped for an unspecified reason", "The model stopped without saying why. Try again."),
            "zh": ("因未说明的原因停止", "模型停止了，但没有说明原因。请重试。"),
        },
    ),
    "BLOCKLIST": (
        "warning",
        {
            "en": ("Blocked terms", "The answer contained terms from a blocked-terms list and was stopped."),
            "zh": ("触发屏蔽词", "回答包含屏蔽词列表中的词语，已被停止。"),
        },
    ),
    "PROHIBITED_CONTENT": (
        "warning",
        {
            "en": ("Prohibited content", "The answer was stopped because it may contain prohibited content."),
            "zh": ("违禁内容", "回答可能包含违禁内容，已被停止。"),
        },
    ),
    "SPII": (
        "warning",
        {
            "en": (
                "Sensitive personal information",
                "The answer was stopped because it may contain sensitive personal information.",
            ),
            "zh": ("敏感个人信息", "回答可能包含敏感的个人身份信息，已被停止。"),
        },
    ),
    "MALFORMED_FUNCTION_CALL": (
        "error",
        {
            "en": (
                "Malformed function call",
                "The model produced a function call that could not be parsed. "
                "Try again, or simplify the function declarations.",
            ),
            "zh": ("函数调用格式错误", "模型生成的函数调用无法解析。请重试，或简化函数声明。"),
        },
    ),
    "IMAGE_SAFETY": (
        "warning",
        {
            "en": ("Image blocked by safety filters", "The generated image was stopped by safety filters."),
            "zh": ("图片被安全过滤拦截", "生成的图片被安全过滤拦截。"),
        },
    ),
    "IMAGE_PROHIBITED_CONTENT": (
        "warning",
        {
            "en": (
                "Image with prohibited content",
                "The generated image was stopped because it may contain prohibited content.",
            ),
            "zh": ("图片包含违禁内容", "生成的图片可能包含违禁内容，已被停止。"),
        },
    ),
    "IMAGE_OTHER": (
        "error",
        {
            "en": ("Image generation stopped", "Image generation stopped without saying why. Try again."),
            "zh": ("图片生成已停止", "图片生成停止了，但没有说明原因。请重试。"),
        },
    ),
    "NO_IMAGE": (
        "warning",
        {
            "en": (
                "No image generated",
                "An image was expected but the model did not produce one. Ask for an image explicitly.",
            ),
            "zh": ("未生成图片", "本应生成图片，但模型没有生成。请在请求中明确要求生成图片。"),
        },
    ),
    "IMAGE_RECITATION": (
        "warning",
        {
            "en": (
                "Image too close to existing material",
                "The generated image closely resembled existing material and was stopped.",
            ),
            "zh": ("图片与现有作品过于相似", "生成的图片与现有作品过于相似，已被停止。"),
        },
    ),
    "UNEXPECTED_TOOL_CALL": (
        "error",
        {
            "en": (
                "Unexpected tool call",
                "The model tried to call a tool that is not enabled for this request. "
                "Enable the tool or try again.",
            ),
            "zh": ("意外的工具调用", "模型尝试调用本次请求未启用的工具。请启用该工具或重试。"),
        },
    ),
    "TOO_MANY_TOOL_CALLS": (
        "error",
        {
            "en": (
                "Too many tool calls",
                "The model called tools too many times in a row and was stopped. "
                "Try again or simplify the task.",
            ),
            "zh": ("工具调用过多", "模型连续调用工具的次数过多，已被停止。请重试或简化任务。"),
        },
    ),
}

_THINKING_BUDGET: _Texts = {
    "en": (
        "Thinking used the whole output budget",
        "The model spent every output token on thinking before writing an answer (thinking tokens count "
        "against maxOutputTokens). Raise the output limit or lower the thinking budget.",
    ),
    "zh": (
        "思考用尽了输出预算",
        "模型在写出回答之前就把全部输出 token 用于思考（思考 token 计入 maxOutputTokens）。"
        "请调高输出上限或降低思考预算。",
    ),
}

_UNKNOWN_FINISH: _Texts = {
    "en": ("Stopped (reason {reason})", "The model stopped with reason {reason}, unknown to this app."),
    "zh": ("已停止（原因 {reason}）", "模型以原因 {reason} 停止，本应用无法识别该原因。"),
}

_INTERRUPTED: _Texts = {
    "en": (
        "Reply interrupted",
        "The stream ended before the model finished. The partial answer was kept; you can retry.",
    ),
    "zh": ("回复被中断", "模型完成之前数据流就结束了。已保留部分回答，可以重试。"),
}

_EMPTY: _Texts = {
    "en": ("Empty answer", "The model finished without writing anything. Try again or rephrase the request."),
    "zh": ("空回答", "模型结束了，但没有写出任何内容。请重试或换一种问法。"),
}

_BLOCK: dict[str, _Texts] = {
    "SAFETY": {
        "en": (
            "Message blocked by safety filters",
            "Your message was refused because it was flagged as potentially harmful{categories}. "
            "Rephrase it or adjust the safety settings.",
        ),
        "zh": (
            "消息被安全过滤拦截",
            "你的消息被判定为可能有害而被拒绝{categories}。请换一种说法，或调整安全设置。",
        ),
    },
    "OTHER": {
        "en": ("Message refused", "No reason was given for refusing your message. Rephrase it."),
        "zh": ("消息被拒绝", "你的消息被拒绝，但没有说明原因。请修改后重试。"),
    },
    "BLOCKLIST": {
        "en": ("Message contains blocked terms", "Your message contains terms from a list of blocked terms."),
        "zh": ("消息包含屏蔽词", "你的消息包含屏蔽词列表中的词语。"),
    },
    "PROHIBITED_CONTENT": {
        "en": (
            "Message contains prohibited content",
            "Your message was refused because it may contain prohibited content.",
        ),
        "zh": ("消息包含违禁内容", "你的消息可能包含违禁内容，已被拒绝。"),
    },
    "IMAGE_SAFETY": {
        "en": ("Image in message blocked", "An image in your message was flagged by safety filters."),
        "zh": ("消息中的图片被拦截", "你消息中的图片被安全过滤拦截。"),
    },
}

_UNKNOWN_BLOCK: _Texts = {
    "en": ("Message refused (reason {reason})", "Your message was refused with reason {reason}."),
    "zh": ("消息被拒绝（原因 {reason}）", "你的消息因原因 {reason} 被拒绝。"),
}

_CATEGORIES: dict[str, tuple[str, str]] = {
    "HARM_CATEGORY_HARASSMENT": ("harassment", "骚扰"),
    "HARM_CATEGORY_HATE_SPEECH": ("hate speech", "仇恨言论"),
    "HARM_CATEGORY_SEXUALLY_EXPLICIT": ("sexually explicit content", "色情内容"),
    "HARM_CATEGORY_DANGEROUS_CONTENT": ("dangerous content", "危险内容"),
    "HARM_CATEGORY_CIVIC_INTEGRITY": ("civic integrity", "公民诚信"),
    "HARM_CATEGORY_IMAGE_HATE": ("hateful imagery", "仇恨图片"),
    "HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT": ("dangerous imagery", "危险图片"),
    "HARM_CATEGORY_IMAGE_HARASSMENT": ("harassing imagery", "骚扰图片"),
    "HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT": ("sexually explicit imagery", "色情图片"),
    "HARM_CATEGORY_JAILBREAK": ("jailbreak attempt", "越狱尝试"),
}

_SERVICE_SAID = {"en": "\n\nThe service said: {message}", "zh": "\n\n服务返回的说明：{message}"}


def flagged_categories(ratings: Iterable[Mapping[str, Any]], lang: str) -> list[str]:
    """Return readable names of the harm categories that were blocked or rated HIGH, without duplicates."""
    language = _language(lang)
    names: list[str] = []
    for rating in ratings:
        if not isinstance(rating, Mapping):
            continue
        flagged = (
            rating.get("blocked") is True
            or rating.get("probability") == "HIGH"
            or rating.get("severity") == "HARM_SEVERITY_HIGH"
        )
        category = rating.get("category")
        if not flagged or not isinstance(category, str):
            continue
        known = _CATEGORIES.get(category)
        if known is not None:
            name = known[0] if language == "en" else known[1]
        else:
            name = category.removeprefix("HARM_CATEGORY_").replace("_", " ").lower()
        if name not in names:
            names.append(name)
    return names


def _categories_clause(ratings: Iterable[Mapping[str, Any]], language: str) -> str:
    names = flagged_categories(ratings, language)
    if not names:
        return ""
    if language == "zh":
        return "（" + "、".join(names) + "）"
    return " (" + ", ".join(names) + ")"


def _notice(
    severity: Severity,
    texts: _Texts,
    language: str,
    *,
    reason: str = "",
    categories: str = "",
    message: str | None = None,
) -> Notice:
    title, detail = texts[language]
    detail = detail.replace("{categories}", categories).replace("{reason}", reason)
    if message:
        detail += _SERVICE_SAID[language].replace("{message}", message)
    return Notice(severity, title.replace("{reason}", reason), detail)


def describe_interrupted(lang: str) -> Notice:
    """Return the notice for a stream that ended without a finish reason."""
    return _notice("error", _INTERRUPTED, _language(lang))


def describe_block(
    reason: str, ratings: Iterable[Mapping[str, Any]] = (), lang: str = "en", message: str | None = None
) -> Notice:
    """Describe a refused prompt (`promptFeedback.blockReason`).

    Args:
        reason: The block reason code.
        ratings: `promptFeedback.safetyRatings`, used to name the flagged categories for SAFETY.
        lang: "en" or "zh" (locale spellings like "zh_CN" work too).
        message: `promptFeedback.blockReasonMessage`, appended when present.
    """
    language = _language(lang)
    texts = _BLOCK.get(reason, _UNKNOWN_BLOCK)
    categories = _categories_clause(ratings, language) if reason == "SAFETY" else ""
    return _notice("error", texts, language, reason=reason, categories=categories, message=message)


def describe_finish(snapshot: Snapshot, lang: str) -> Notice | None:
    """Describe how a finished stream ended, or return None for a normal answer.

    Call this once the stream has ended: a snapshot with neither a finish reason nor a block reason is
    reported as interrupted.

    Args:
        snapshot: The reply as it stood when the stream ended.
        lang: "en" or "zh" (locale spellings like "zh_CN" work too).
    """
    language = _language(lang)
    if snapshot.block_reason is not None:
        feedback = snapshot.prompt_feedback or {}
        ratings = feedback.get("safetyRatings")
        message = feedback.get("blockReasonMessage")
        return describe_block(
            snapshot.block_reason,
            [r for r in ratings if isinstance(r, Mapping)] if isinstance(ratings, list) else [],
            language,
            message if isinstance(message, str) else None,
        )
    reason = snapshot.finish_reason
    if reason is None:
        return describe_interrupted(language)
    message = snapshot.finish_message
    if reason == "STOP":
        # A final empty text part that only carries a signature is not an answer; a function call or image is.
        has_answer = bool(snapshot.text.strip()) or any(
            "text" not in p and p.get("thought") is not True for p in snapshot.parts
        )
        return None if has_answer else _notice("info", _EMPTY, language, message=message)
    if reason == "MAX_TOKENS":
        usage = snapshot.usage
        if usage is not None and usage.thoughts_tokens > 0 and not snapshot.text.strip():
            return _notice("warning", _THINKING_BUDGET, language, message=message)
    known = _FINISH.get(reason)
    if known is None:
        return _notice("error", _UNKNOWN_FINISH, language, reason=reason, message=message)
    severity, texts = known
    categories = _categories_clause(snapshot.safety_ratings, language)
    return _notice(severity, texts, language, categories=categories, message=message)
