"""What the Gemini client's errors say to the user, in English and Chinese.

Each table maps a language key ("en", "zh") to a (title, hint) pair: the title says what happened in one short
sentence, the hint what the user can do about it. A text may hold `{name}` fields that the error fills in
(see `GeminiError._format_fields`). The wording lives here, apart from the exception classes in `errors`, so
that the classes stay short and the texts can be reviewed side by side.
"""

from __future__ import annotations

from collections.abc import Mapping

Texts = Mapping[str, tuple[str, str]]


def lang_key(lang: str) -> str:
    """Map "zh", "zh_CN", "zh-Hans" ... to "zh" and everything else to "en"."""
    return "zh" if lang.lower().startswith("zh") else "en"


def format_seconds(value: float) -> str:
    """Format seconds for people: 300 -> "300", 0.5 -> "0.5", 45.83 -> "45.8"."""
    return f"{round(value, 1):g}"


# --- The lines of `GeminiError.user_message` ---

# Fields: {status}, {text} (the quoted gateway text), {wait} (seconds, appended to a rate limit's hint).
MESSAGE_LINES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "status": " (HTTP {status})",
        "end": ".",
        "gateway_message": 'Gateway message: "{text}"',
        "page_title": 'Page title: "{text}"',
        "request_id": "Request id: {text}",
        "detail": "Details: {text}",
        "wait": " The gateway asks to wait {wait} s.",
    },
    "zh": {
        "status": "（HTTP {status}）",
        "end": "。",
        "gateway_message": "网关消息：“{text}”",
        "page_title": "页面标题：“{text}”",
        "request_id": "请求 ID：{text}",
        "detail": "详情：{text}",
        "wait": "网关建议等待 {wait} 秒。",
    },
}

# --- The root and configuration ---

GENERIC: Texts = {
    "en": (
        "The request failed",
        "Try again. If it keeps failing, check the settings and the gateway console.",
    ),
    "zh": ("请求失败", "请重试。如果持续失败，请检查设置和网关控制台。"),
}

CONFIGURATION: Texts = {
    "en": (
        "The connection settings are invalid",
        "Check the base URL (for example https://gogogotoken.ai) and the API key in Settings.",
    ),
    "zh": ("连接设置无效", "请在设置中检查 Base URL（例如 https://gogogotoken.ai）和 API 密钥。"),
}

# --- No HTTP answer ---

TRANSPORT: Texts = {
    "en": ("Could not reach the gateway", "Check your network, the base URL and the proxy setting."),
    "zh": ("无法连接网关", "请检查网络、Base URL 和代理设置。"),
}

# Keyed by `ConnectionFailedError.kind`.
CONNECTION_FAILED: Mapping[str, Texts] = {
    "dns": {
        "en": (
            "The gateway's host name could not be resolved",
            "Check the base URL for typos, your internet connection and DNS.",
        ),
        "zh": ("无法解析网关域名", "请检查 Base URL 是否拼写正确，以及网络连接和 DNS。"),
    },
    "refused": {
        "en": (
            "The gateway refused the connection",
            "Check the base URL and its port; the gateway may be down.",
        ),
        "zh": ("网关拒绝了连接", "请检查 Base URL 及端口；网关可能已停止服务。"),
    },
    "proxy": {
        "en": (
            "The proxy could not connect to the gateway",
            "Check the proxy in Settings (address, port, type), or try without a proxy.",
        ),
        "zh": ("代理无法连接到网关", "请在设置中检查代理（地址、端口、类型），或尝试不使用代理。"),
    },
    "timeout": {
        "en": (
            "Connecting to the gateway timed out",
            "Check your network and the proxy setting; the gateway may be unreachable from here.",
        ),
        "zh": ("连接网关超时", "请检查网络和代理设置；当前网络可能无法访问该网关。"),
    },
    "no_answer": {
        "en": (
            "The gateway did not answer in time",
            "It sent nothing back for a while; it may be overloaded or unreachable from here. Try again "
            "later, or type the model's name in the picker.",
        ),
        "zh": (
            "网关没有及时回应",
            "一段时间内没有收到任何回复；网关可能负载过高，或当前网络无法访问。请稍后再试，或在模型选择框中直接输入模型名称。",
        ),
    },
    "cut": {
        "en": (
            "The connection was cut while the answer was arriving",
            "The partial answer is kept. Try again; if it keeps happening, check the network or proxy.",
        ),
        "zh": ("回答传输过程中连接被中断", "已保留部分回答。请重试；如果经常发生，请检查网络或代理。"),
    },
    "": {
        "en": (
            "The connection to the gateway failed",
            "Check your network, the base URL and the proxy setting, then try again.",
        ),
        "zh": ("与网关的连接失败", "请检查网络、Base URL 和代理设置，然后重试。"),
    },
}

TLS: Texts = {
    "en": (
        "The secure connection (TLS) to the gateway failed",
        "The certificate could not be verified or the server does not speak HTTPS. Check https:// versus "
        "http:// in the base URL, your system clock, and whether a proxy or firewall intercepts HTTPS.",
    ),
    "zh": (
        "与网关的安全连接（TLS）失败",
        "证书无法验证，或服务器不支持 HTTPS。请检查 Base URL 中的 https:// 与 http://、系统时间，"
        "以及是否有代理或防火墙拦截 HTTPS。",
    ),
}

# Field: {idle}, the idle timeout in seconds.
IDLE_TIMEOUT: Texts = {
    "en": (
        "No data from the gateway for {idle} s",
        "The model may be overloaded. Try again, or raise the idle timeout in Settings. "
        "Any partial answer is kept.",
    ),
    "zh": (
        "网关已 {idle} 秒没有发送数据",
        "模型可能过载。请重试，或在设置中调大空闲超时。已保留部分回答。",
    ),
}

# --- An HTTP error status ---

HTTP_STATUS: Texts = {
    "en": (
        "The gateway returned an error",
        "Try again later; if it persists, check the gateway console logs.",
    ),
    "zh": ("网关返回错误", "请稍后重试；如果持续出现，请查看网关控制台日志。"),
}

# Fields: {target}, the redirect's absolute URL; {base}, the base URL that reaches the API there.
REDIRECT_TO_BASE: Texts = {
    "en": (
        "The gateway redirected the request",
        "It points to {target}. Redirects are not followed, so that your key never goes to another "
        "address. If you trust the new address, update the base URL to {base} in Settings.",
    ),
    "zh": (
        "网关重定向了请求",
        "目标地址为 {target}。为避免密钥被发往其他地址，不会跟随重定向。"
        "如果信任新地址，请在设置中将 Base URL 更新为 {base}。",
    ),
}

REDIRECT: Texts = {
    "en": (
        "The gateway redirected the request",
        "It points to {target}, which is not the API (perhaps a sign-in page). Redirects are not followed, "
        "so that your key never goes to another address. Check the base URL in Settings.",
    ),
    "zh": (
        "网关重定向了请求",
        "目标地址为 {target}，这不是 API 地址（可能是登录页面）。为避免密钥被发往其他地址，不会跟随重定向。"
        "请在设置中检查 Base URL。",
    ),
}

REDIRECT_NOWHERE: Texts = {
    "en": (
        "The gateway redirected the request",
        "It did not say where to. Redirects are not followed, so that your key never goes to another "
        "address. Check the base URL in Settings.",
    ),
    "zh": (
        "网关重定向了请求",
        "但没有给出目标地址。为避免密钥被发往其他地址，不会跟随重定向。请在设置中检查 Base URL。",
    ),
}

BAD_REQUEST: Texts = {
    "en": (
        "The request was rejected",
        "The message below says why: usually a setting this model does not support (such as the thinking "
        "budget) or an attachment it cannot read. Change it and try again.",
    ),
    "zh": (
        "请求被拒绝",
        "原因见下方消息：通常是该模型不支持的设置（例如思考预算）或无法读取的附件。修改后请重试。",
    ),
}

AUTHENTICATION: Texts = {
    "en": (
        "The API key was rejected",
        "Check the API key in Settings, and its status on the gateway console (enabled, not expired, "
        "quota left).",
    ),
    "zh": (
        "API 密钥无效",
        "请在设置中检查 API 密钥，并在网关控制台确认其状态（已启用、未过期、有剩余额度）。",
    ),
}

MODEL_ACCESS: Texts = {
    "en": (
        "This key may not use this model",
        "The key's group may not use this model (or its quota is used up). Choose another model, or ask "
        "the gateway admin to enable it for your group.",
    ),
    "zh": (
        "该密钥无权使用此模型",
        "该密钥所在分组可能无权使用此模型（或额度已用完）。请选择其他模型，或联系网关管理员开通。",
    ),
}

NOT_FOUND: Texts = {
    "en": (
        "The model or the API path was not found",
        "Check the model name (refresh the model list) and the base URL.",
    ),
    "zh": ("找不到模型或接口路径", "请检查模型名称（刷新模型列表）和 Base URL。"),
}

REQUEST_TOO_LARGE: Texts = {
    "en": (
        "The request is too large for the gateway",
        "Remove some attachments or shorten the conversation, then try again.",
    ),
    "zh": ("请求过大，网关拒绝接收", "请移除部分附件或缩短对话，然后重试。"),
}

RATE_LIMIT: Texts = {
    "en": ("Rate limit reached", "Lower the request rate, or change your plan."),
    "zh": ("请求频率超出限制", "请降低请求频率，或更换套餐。"),
}

RATE_LIMIT_PER_DAY: Texts = {
    "en": ("The daily quota is used up", "Wait until tomorrow, or change your plan."),
    "zh": ("今日额度已用完", "请等到明天再试，或更换套餐。"),
}

SERVER: Texts = {
    "en": (
        "The gateway or the upstream service failed",
        "This is a problem of the gateway or of Google, not of your settings. Try again later, and check "
        "the gateway console logs.",
    ),
    "zh": (
        "网关或上游服务出错",
        "这是网关或上游（Google）的问题，与你的设置无关。请稍后重试，并查看网关控制台日志。",
    ),
}

# A 5xx answered with an HTML page (the gateway's web server or a proxy in front of it).
SERVER_PAGE: Texts = {
    "en": (
        "The gateway (or a proxy in front of it) answered with an error page",
        "The gateway or its web server is failing. Try again later, and check the gateway console logs.",
    ),
    "zh": (
        "网关（或其前置代理）返回了错误页面",
        "网关或其 Web 服务器出现故障。请稍后重试，并查看网关控制台日志。",
    ),
}

# --- A 2xx answer that is not a Gemini stream ---

RESPONSE_FORMAT: Texts = {
    "en": (
        "The gateway's answer is not a Gemini response",
        "Check the base URL, then try again.",
    ),
    "zh": ("网关的响应不是 Gemini 格式", "请检查 Base URL，然后重试。"),
}

WRONG_CONTENT_TYPE: Texts = {
    "en": (
        "This looks like a web page, not the API",
        "Check the base URL: it must be the gateway's API address (for example https://gogogotoken.ai), "
        "not a page of its website. If the page is a login page or a network's captive portal (hotel, "
        "airport, office Wi-Fi), sign in to the network in a browser first.",
    ),
    "zh": (
        "收到的是网页，而不是 API 响应",
        "请检查 Base URL：应填写网关的 API 地址（例如 https://gogogotoken.ai），而不是网站页面。"
        "如果这是登录页面或网络的认证页面（酒店、机场、办公室 Wi-Fi），请先在浏览器中登录该网络。",
    ),
}

EMPTY_RESPONSE: Texts = {
    "en": (
        "The gateway sent an empty answer",
        "The upstream probably timed out before answering. Try again.",
    ),
    "zh": ("网关返回了空响应", "上游可能在回答前超时了。请重试。"),
}

MALFORMED_STREAM: Texts = {
    "en": (
        "The answer could not be read",
        "The gateway sent data that is not valid JSON. Any partial answer is kept. Try again; if it "
        "keeps happening, check the base URL and the gateway logs.",
    ),
    "zh": (
        "无法解析返回的数据",
        "网关发送的数据不是有效的 JSON。已保留部分回答。请重试；如果持续出现，请检查 Base URL 和网关日志。",
    ),
}

TRUNCATED_STREAM: Texts = {
    "en": (
        "The answer was cut off",
        "The stream ended in the middle of a response. The partial answer is kept; try again.",
    ),
    "zh": ("回答被截断", "数据流在响应中途结束。已保留部分回答，请重试。"),
}

# --- An error object inside the stream ---

# An error object that came before any part of the answer: there is no partial answer to keep.
STREAM_BEFORE_ANSWER: Texts = {
    "en": (
        "The gateway reported an error instead of an answer",
        "Its own words are below. Try again; if it keeps happening, try another model or check the "
        "gateway console logs.",
    ),
    "zh": (
        "网关返回了错误，而不是回答",
        "网关的原话见下方。请重试；如果持续出现，请换一个模型或查看网关控制台日志。",
    ),
}

STREAM: Texts = {
    "en": (
        "The gateway reported an error while answering",
        "The partial answer is kept. Try again; if it keeps happening, try another model or check the "
        "gateway console logs.",
    ),
    "zh": (
        "回答过程中网关报告了错误",
        "已保留部分回答。请重试；如果持续出现，请换一个模型或查看网关控制台日志。",
    ),
}

# --- new-api's own failures (balance, key quota and expiry, model limits, conversion, request windows) ---

# Keyed by `BillingError.kind`.
BILLING: Mapping[str, Texts] = {
    "balance": {
        "en": (
            "Your balance on the gateway is too low",
            "Top up on the gateway's console (or ask its admin to raise your quota), then send again.",
        ),
        "zh": ("网关账户余额不足", "请在网关控制台充值（或请管理员调整额度），然后重新发送。"),
    },
    "key_quota": {
        "en": (
            "This API key's quota is used up",
            "Raise the key's quota (or make it unlimited) under Tokens on the gateway's console, or use "
            "another key.",
        ),
        "zh": (
            "该 API 密钥的额度已用尽",
            "请在网关控制台的令牌管理中提高该密钥的额度（或设为无限额度），或换用其他密钥。",
        ),
    },
    "key_expired": {
        "en": (
            "This API key has expired",
            "Renew it under Tokens on the gateway's console (extend its expiry), or create a new key and "
            "enter it in Settings.",
        ),
        "zh": ("该 API 密钥已过期", "请在网关控制台的令牌管理中延长有效期，或新建密钥并在设置中填写。"),
    },
}

# Keyed by `ModelAccessError.kind` ("" is the general text, MODEL_ACCESS).
MODEL_ACCESS_KINDS: Mapping[str, Texts] = {
    "model_limit": {
        "en": (
            "This key may not use this model",
            "The key is limited to certain models. Pick a model it allows, or add this one to the key's "
            "model limits on the gateway's console.",
        ),
        "zh": (
            "该密钥无权使用此模型",
            "该密钥设置了模型限制。请选择它允许的模型，或在网关控制台为该密钥添加此模型。",
        ),
    },
    "no_channel": {
        "en": (
            "The gateway has no channel for this model in your key's group",
            "Pick a model your key's group has (refresh the model list), or ask the gateway admin to add a "
            "channel for it.",
        ),
        "zh": (
            "网关在该密钥的分组下没有此模型的可用渠道",
            "请选择该分组可用的模型（刷新模型列表），或请网关管理员为此模型添加渠道。",
        ),
    },
}

ENDPOINT_UNSUPPORTED: Texts = {
    "en": (
        "This model cannot answer on the gateway's Gemini endpoint",
        "The gateway serves it through a channel (such as Claude's) that cannot take Gemini requests. Pick "
        "a Gemini model.",
    ),
    "zh": (
        "此模型无法通过网关的 Gemini 接口回答",
        "网关通过无法接收 Gemini 请求的渠道（例如 Claude 渠道）提供此模型。请选择 Gemini 模型。",
    ),
}

# Fields: {minutes}, {requests}, {time} (the local time after which the window has passed).
RATE_LIMIT_WINDOW: Texts = {
    "en": (
        "Request limit reached: at most {requests} requests in {minutes} min",
        "The gateway counts requests in a window, failed ones too. Try again after {time}; sending sooner "
        "only uses up the window.",
    ),
    "zh": (
        "已达到请求数限制：{minutes} 分钟内最多 {requests} 次",
        "网关按时间窗口计数，失败的请求也计入。请在 {time} 之后再试；提前发送只会继续占用次数。",
    ),
}

RATE_LIMIT_SILENT: Texts = {
    "en": (
        "Rate limit reached",
        "The gateway gave no reason and no wait. Wait a minute before sending again; if it keeps happening, "
        "lower the request rate or ask the gateway admin about its limits.",
    ),
    "zh": (
        "请求频率超出限制",
        "网关没有说明原因和等待时间。请等待一分钟后再发送；如果经常发生，请降低请求频率或向网关管理员询问限制。",
    ),
}
