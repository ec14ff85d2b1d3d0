"""Simplified Chinese (简体中文): the core's texts (see ``app.core.texts``; codes, fields as in ``en.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

TEXTS: Final[Mapping[str, str]] = {
    # Errors of the Gemini client (app/core/gemini/errors.py): a title says what happened, a hint what to do.
    "error.headline": "{title}{status}。",
    "error.status": "（HTTP {status}）",
    "error.gateway_message": "网关消息：“{text}”",
    "error.page_title": "页面标题：“{text}”",
    "error.request_id": "请求 ID：{text}",
    "error.detail": "详情：{text}",
    "gemini.error.title": "请求失败",
    "gemini.error.hint": "请重试。如果持续失败，请检查设置和网关控制台。",
    "gemini.configuration.title": "连接设置无效",
    "gemini.configuration.hint": "请在设置中检查 Base URL（例如 https://gogogotoken.ai）和 API 密钥。",
    "gemini.configuration.no_key.title": "未设置 API 密钥",
    "gemini.configuration.no_key.hint": "请在设置中填写 API 密钥。",
    "gemini.configuration.key_characters.title": "API 密钥中含有无法发送的字符",
    "gemini.configuration.key_characters.hint": (
        "其中有不可见字符或非 ASCII 字符，通常是复制时带入的。请在设置中重新粘贴密钥。"
    ),
    "gemini.configuration.model.title": "未选择模型",
    "gemini.configuration.model.hint": "请为此对话选择模型（如果列表为空，请刷新模型列表）。",
    "gemini.transport.title": "无法连接网关",
    "gemini.transport.hint": "请检查网络、Base URL 和代理设置。",
    "gemini.connection.title": "与网关的连接失败",
    "gemini.connection.hint": "请检查网络、Base URL 和代理设置，然后重试。",
    "gemini.connection.dns.title": "无法解析网关域名",
    "gemini.connection.dns.hint": "请检查 Base URL 是否拼写正确，以及网络连接和 DNS。",
    "gemini.connection.refused.title": "网关拒绝了连接",
    "gemini.connection.refused.hint": "请检查 Base URL 及端口；网关可能已停止服务。",
    "gemini.connection.proxy.title": "代理无法连接到网关",
    "gemini.connection.proxy.hint": "请在设置中检查代理（地址、端口、类型），或尝试不使用代理。",
    "gemini.connection.proxy_unreachable.title": "无法连接到代理",
    "gemini.connection.proxy_unreachable.hint": (
        "请确认代理正在运行，并在设置中检查其地址和端口，或尝试不使用代理。"
    ),
    "gemini.connection.timeout.title": "连接网关超时",
    "gemini.connection.timeout.hint": "请检查网络和代理设置；当前网络可能无法访问该网关。",
    "gemini.connection.no_answer.title": "网关没有及时回应",
    "gemini.connection.no_answer.hint": (
        "一段时间内没有收到任何回复；网关可能负载过高，或当前网络无法访问。请稍后再试，"
        "或在模型选择框中直接输入模型名称。"
    ),
    "gemini.connection.cut.title": "回答传输过程中连接被中断",
    "gemini.connection.cut.hint": "已保留部分回答。请重试；如果经常发生，请检查网络或代理。",
    "gemini.tls.title": "与网关的安全连接（TLS）失败",
    "gemini.tls.hint": (
        "证书无法验证，或服务器不支持 HTTPS。请检查 Base URL 中的 https:// 与 http://、系统时间，"
        "以及是否有代理或防火墙拦截 HTTPS。"
    ),
    "gemini.idle_timeout.title": "网关已 {idle} 秒没有发送数据",
    "gemini.idle_timeout.hint": "模型可能过载。请重试，或在设置中调大空闲超时。已保留部分回答。",
    "gemini.http_status.title": "网关返回错误",
    "gemini.http_status.hint": "请稍后重试；如果持续出现，请查看网关控制台日志。",
    "gemini.bad_request.title": "请求被拒绝",
    "gemini.bad_request.hint": (
        "原因见下方消息：通常是该模型不支持的设置（例如思考预算）或无法读取的附件。修改后请重试。"
    ),
    "gemini.authentication.title": "API 密钥无效",
    "gemini.authentication.hint": (
        "请在设置中检查 API 密钥，并在网关控制台确认其状态（已启用、未过期、有剩余额度）。"
    ),
    "gemini.authentication.hint.here": (
        "请检查此处填写的 API 密钥，并在网关控制台确认其状态（已启用、未过期、有剩余额度）。"
    ),
    "gemini.billing.balance.title": "网关账户余额不足",
    "gemini.billing.balance.hint": "请在网关控制台充值（或请管理员调整额度），然后重新发送。",
    "gemini.billing.key_quota.title": "该 API 密钥的额度已用尽",
    "gemini.billing.key_quota.hint": (
        "请在网关控制台的令牌管理中提高该密钥的额度（或设为无限额度），或换用其他密钥。"
    ),
    "gemini.billing.key_expired.title": "该 API 密钥已过期",
    "gemini.billing.key_expired.hint": "请在网关控制台的令牌管理中延长有效期，或新建密钥并在设置中填写。",
    "gemini.model_access.title": "该密钥无权使用此模型",
    "gemini.model_access.hint": (
        "该密钥所在分组可能无权使用此模型（或额度已用完）。请选择其他模型，或联系网关管理员开通。"
    ),
    "gemini.model_access.model_limit.title": "该密钥无权使用此模型",
    "gemini.model_access.model_limit.hint": (
        "该密钥设置了模型限制。请选择它允许的模型，或在网关控制台为该密钥添加此模型。"
    ),
    "gemini.model_access.no_channel.title": "网关在该密钥的分组下没有此模型的可用渠道",
    "gemini.model_access.no_channel.hint": (
        "请选择该分组可用的模型（刷新模型列表），或请网关管理员为此模型添加渠道。"
    ),
    "gemini.endpoint_unsupported.title": "此模型无法通过网关的 Gemini 接口回答",
    "gemini.endpoint_unsupported.hint": (
        "网关通过无法接收 Gemini 请求的渠道（例如 Claude 渠道）提供此模型。请选择 Gemini 模型。"
    ),
    "gemini.not_found.title": "找不到模型或接口路径",
    "gemini.not_found.hint": "请检查模型名称（刷新模型列表）和 Base URL。",
    "gemini.request_too_large.title": "请求过大，网关拒绝接收",
    "gemini.request_too_large.hint": "请移除部分附件或缩短对话，然后重试。",
    "gemini.rate_limit.title": "请求频率超出限制",
    "gemini.rate_limit.hint": "请降低请求频率，或更换套餐。",
    "gemini.rate_limit.wait": "网关建议等待 {wait} 秒。",
    "gemini.rate_limit.per_day.title": "今日额度已用完",
    "gemini.rate_limit.per_day.hint": "请等到明天再试，或更换套餐。",
    "gemini.rate_limit.window.title": "已达到请求数限制：{minutes} 分钟内最多 {requests} 次",
    "gemini.rate_limit.window.hint": (
        "网关按时间窗口计数，失败的请求也计入。请在 {time} 之后再试；提前发送只会继续占用次数。"
    ),
    "gemini.rate_limit.silent.title": "请求频率超出限制",
    "gemini.rate_limit.silent.hint": (
        "网关没有说明原因和等待时间。请等待一分钟后再发送；如果经常发生，请降低请求频率或向网关管理员询问限制。"
    ),
    "gemini.server.title": "网关或上游服务出错",
    "gemini.server.hint": (
        "这是网关或上游（Google）的问题，与你的设置无关。请稍后重试，并查看网关控制台日志。"
    ),
    "gemini.server.page.title": "网关（或其前置代理）返回了错误页面",
    "gemini.server.page.hint": "网关或其 Web 服务器出现故障。请稍后重试，并查看网关控制台日志。",
    "gemini.response_format.title": "网关的响应不是 Gemini 格式",
    "gemini.response_format.hint": "请检查 Base URL，然后重试。",
    "gemini.wrong_content_type.title": "收到的是网页，而不是 API 响应",
    "gemini.wrong_content_type.hint": (
        "请检查 Base URL：应填写网关的 API 地址（例如 https://gogogotoken.ai），而不是网站页面。"
        "如果这是登录页面或网络的认证页面（酒店、机场、办公室 Wi-Fi），请先在浏览器中登录该网络。"
    ),
    "gemini.empty_response.title": "网关返回了空响应",
    "gemini.empty_response.hint": "上游可能在回答前超时了。请重试。",
    "gemini.malformed_stream.title": "无法解析返回的数据",
    "gemini.malformed_stream.hint": (
        "网关发送的数据不是有效的 JSON。已保留部分回答。请重试；如果持续出现，请检查 Base URL 和网关日志。"
    ),
    "gemini.truncated_stream.title": "回答被截断",
    "gemini.truncated_stream.hint": "数据流在响应中途结束。已保留部分回答，请重试。",
    "gemini.too_large.title": "回答超过 {megabytes} MB，已停止接收",
    "gemini.too_large.hint": "真实的回答远没有这么大：网关可能在无休止地发送。已保留收到的部分。",
    "gemini.too_large.event.title": "网关发送的单段回答数据超过 {megabytes} MB",
    "gemini.too_large.event.hint": "真实的回答中不会有这么大的一段。如有部分回答，已保留。",
    "gemini.stream.title": "回答过程中网关报告了错误",
    "gemini.stream.hint": "已保留部分回答。请重试；如果持续出现，请换一个模型或查看网关控制台日志。",
    # How a reply ended (app/core/gemini/finish.py): a title and a detail per finishReason and blockReason.
    "finish.max_tokens.title": "回答被截断",
    "finish.max_tokens.detail": (
        "回复达到了输出长度上限（maxOutputTokens）后停止。可以让模型继续，或调高输出上限。"
    ),
    "finish.safety.title": "因安全过滤而停止",
    "finish.safety.detail": "回答被判定为可能有害而停止{categories}。请换一种问法，或调整安全设置。",
    "finish.recitation.title": "因复述原文而停止",
    "finish.recitation.detail": (
        "回答与现有资料（例如受版权保护的文本）过于相似，已被停止。可以请模型概括或改写。"
    ),
    "finish.language.title": "不支持的语言",
    "finish.language.detail": "回答使用了模型不支持的语言，因此被停止。",
    "finish.other.title": "因未说明的原因停止",
    "finish.other.detail": "模型停止了，但没有说明原因。请重试。",
    "finish.blocklist.title": "触发屏蔽词",
    "finish.blocklist.detail": "回答包含屏蔽词列表中的词语，已被停止。",
    "finish.prohibited_content.title": "违禁内容",
    "finish.prohibited_content.detail": "回答可能包含违禁内容，已被停止。",
    "finish.spii.title": "敏感个人信息",
    "finish.spii.detail": "回答可能包含敏感的个人身份信息，已被停止。",
    "finish.malformed_function_call.title": "函数调用格式错误",
    "finish.malformed_function_call.detail": "模型生成的函数调用无法解析。请重试，或简化函数声明。",
    "finish.image_safety.title": "图片被安全过滤拦截",
    "finish.image_safety.detail": "生成的图片被安全过滤拦截。",
    "finish.image_prohibited_content.title": "图片包含违禁内容",
    "finish.image_prohibited_content.detail": "生成的图片可能包含违禁内容，已被停止。",
    "finish.image_other.title": "图片生成已停止",
    "finish.image_other.detail": "图片生成停止了，但没有说明原因。请重试。",
    "finish.no_image.title": "未生成图片",
    "finish.no_image.detail": "本应生成图片，但模型没有生成。请在请求中明确要求生成图片。",
    "finish.image_recitation.title": "图片与现有作品过于相似",
    "finish.image_recitation.detail": "生成的图片与现有作品过于相似，已被停止。",
    "finish.unexpected_tool_call.title": "意外的工具调用",
    "finish.unexpected_tool_call.detail": "模型尝试调用本次请求未启用的工具。请启用该工具或重试。",
    "finish.too_many_tool_calls.title": "工具调用过多",
    "finish.too_many_tool_calls.detail": "模型连续调用工具的次数过多，已被停止。请重试或简化任务。",
    "finish.thinking_budget.title": "思考用尽了输出预算",
    "finish.thinking_budget.detail": (
        "模型在写出回答之前就把全部输出 token 用于思考（思考 token 计入 maxOutputTokens）。"
        "请调高输出上限或降低思考预算。"
    ),
    "finish.unknown.title": "已停止（原因 {reason}）",
    "finish.unknown.detail": "模型以原因 {reason} 停止，本应用无法识别该原因。",
    "finish.interrupted.title": "回复被中断",
    "finish.interrupted.detail": "模型完成之前数据流就结束了。已保留部分回答，可以重试。",
    "finish.empty.title": "空回答",
    "finish.empty.detail": "模型结束了，但没有写出任何内容。请重试或换一种问法。",
    "block.safety.title": "消息被安全过滤拦截",
    "block.safety.detail": "你的消息被判定为可能有害而被拒绝{categories}。请换一种说法，或调整安全设置。",
    "block.other.title": "消息被拒绝",
    "block.other.detail": "你的消息被拒绝，但没有说明原因。请修改后重试。",
    "block.blocklist.title": "消息包含屏蔽词",
    "block.blocklist.detail": "你的消息包含屏蔽词列表中的词语。",
    "block.prohibited_content.title": "消息包含违禁内容",
    "block.prohibited_content.detail": "你的消息可能包含违禁内容，已被拒绝。",
    "block.image_safety.title": "消息中的图片被拦截",
    "block.image_safety.detail": "你消息中的图片被安全过滤拦截。",
    "block.unknown.title": "消息被拒绝（原因 {reason}）",
    "block.unknown.detail": "你的消息因原因 {reason} 被拒绝。",
    "finish.service_said": "{detail}\n\n服务返回的说明：{message}",
    "finish.categories": "（{names}）",
    "harm.harassment": "骚扰",
    "harm.hate_speech": "仇恨言论",
    "harm.sexually_explicit": "色情内容",
    "harm.dangerous_content": "危险内容",
    "harm.civic_integrity": "公民诚信",
    "harm.image_hate": "仇恨图片",
    "harm.image_dangerous_content": "危险图片",
    "harm.image_harassment": "骚扰图片",
    "harm.image_sexually_explicit": "色情图片",
    "harm.jailbreak": "越狱尝试",
    # Shared punctuation.
    "list.separator": "、",
    "notice.line": "{title}：{detail}",
    # Markdown exports (app/core/chat/export.py): headings and labels.
    "export.user": "用户",
    "export.model": "模型",
    "export.thoughts": "思考过程",
    "export.created": "创建于",
    "export.model_line": "模型",
    "export.exported": "导出于",
    "export.code": "代码",
    "export.result": "运行结果",
    "export.call": "函数调用",
    "export.response": "函数结果",
    "export.image": "图片",
    "export.file": "文件",
    "export.unreadable": "（数据无法解码）",
    "export.version": "第 {number} 个版本，共 {count} 个",
    "export.usage": "Token：输入 {prompt} · 输出 {output} · 思考 {thinking} · 合计 {total}",
    "export.stopped": "已被用户停止，回答不完整。",
    "export.interrupted": "已中断，回答不完整。",
    "export.streaming": "导出时仍在生成，回答不完整。",
    "export.error": "失败",
    "export.sources": "来源",
    "export.searches": "搜索",
    "export.system_instruction": "系统指令",
    "export.parameters": "参数",
    # The chat history (app/core/store/db.py): what went wrong with the file, and what to do.
    "store.too_new": (
        "此聊天记录由更新版本的 Gemini Desk 创建（数据库结构版本 {found}；本版本最高支持 {known}）。"
    ),
    "store.too_new.hint": "请升级 Gemini Desk 后再打开；该文件未被改动。",
    "store.full": "保存聊天记录的磁盘已满{where}；最近的更改未能保存。",
    "store.full.hint": "请释放一些磁盘空间后重试。之前的会话不受影响。",
    "store.read_only": "无法写入聊天记录：文件或其所在文件夹是只读的{where}。",
    "store.read_only.hint": "请检查文件夹权限，或选择其他数据文件夹。",
    "store.unavailable": "无法打开聊天记录文件{where}。",
    "store.unavailable.hint": "请确认该文件夹存在，并且你有读写权限。",
    "store.corrupt": "聊天记录文件已损坏，或不是 Gemini Desk 的数据库{where}。",
    "store.corrupt.header": "聊天记录文件已损坏，或不是 Gemini Desk 的数据库（{path}）。",
    "store.corrupt.hint": "Gemini Desk 可以将其移到一旁，并开始新的聊天记录。",
    "store.busy": "聊天记录被其他程序锁定{where}。",
    "store.busy.hint": "请关闭其他正在运行的 Gemini Desk，然后重试。",
    "store.io": "读写聊天记录时系统报告了磁盘错误{where}。",
    "store.io.hint": "请检查磁盘（或网络驱动器）后重试。",
    "store.other": "聊天记录出错：{text}",
    "store.folder": "无法创建聊天记录所在的文件夹（{folder}）：{reason}。",
    "store.no_wal": "聊天记录无法使用预写日志（WAL）模式（日志模式为 {mode}）。",
    "store.no_wal.hint": "请将数据文件夹放在本地磁盘上。",
    "store.upgrade_read_only": "聊天记录需要升级，但是以只读方式打开的（{path}）。",
    "store.upgrade_read_only.hint": "请以可写方式打开一次以完成升级。",
    "store.backup.missing": "没有可以移到一旁的聊天记录文件（{path}）。",
    "store.backup.failed": "无法将损坏的聊天记录移到一旁（{path}）：{reason}。",
    "store.backup.failed.hint": "请关闭正在使用该文件的其他程序，或手动将其移走。",
    # The system keyring (app/core/secrets.py): each problem, then the advice that always follows it.
    "keyring.with_advice": "{problem}{advice}",
    "keyring.session_advice": "你仍可以仅在本次运行期间使用密钥，它不会被保存。",
    "keyring.failed": "系统密钥环出错。",
    "keyring.none": (
        "没有可用的系统密钥环来保存 API 密钥。在 Linux 上，请在带有 D-Bus 的桌面会话中安装并启动 GNOME "
        "Keyring 或 KWallet（Secret Service 服务）。"
    ),
    "keyring.insecure": (
        "当前配置的密钥环以未加密的文件保存密钥，Gemini Desk 不会使用它。请改用系统密钥环（GNOME Keyring、"
        "KWallet、macOS 钥匙串或 Windows 凭据管理器）。"
    ),
    "keyring.locked": (
        "系统密钥环已锁定，或解锁被取消。请解锁后重试（例如登录 GNOME Keyring 或打开 KWallet）。"
    ),
    "keyring.access": "访问 API 密钥时系统密钥环报告了错误。请重试，或重新启动密钥环服务。",
    "keyring.timeout": (
        "系统密钥环在 {timeout} 秒内没有响应。可能有一个解锁对话框正在等待输入密码（也许被其他窗口遮挡）。"
    ),
    # Settings the user typed (app/core/settings.py). Messages never echo the rejected input.
    "settings.base_url.empty": "请输入网关的基础 URL。",
    "settings.base_url.spaces": "基础 URL 不能包含空格。",
    "settings.base_url.invalid": "基础 URL 不是有效的地址（请检查端口号）。",
    "settings.base_url.scheme": "基础 URL 必须以 https:// 或 http:// 开头。",
    "settings.base_url.no_host": "基础 URL 缺少主机名。",
    "settings.base_url.host": "基础 URL 的主机名含有主机名中不会出现的字符。",
    "settings.base_url.credentials": (
        "请不要在基础 URL 中包含用户名或密码；API 密钥请填写在专门的输入框中。"
    ),
    "settings.base_url.query": "基础 URL 不能包含“?”或“#”部分；API 密钥请填写在专门的输入框中。",
    "settings.proxy.scheme": "代理 URL 必须以 http://、https://、socks5:// 或 socks5h:// 开头。",
    "settings.proxy.empty": "请输入代理 URL。",
    "settings.proxy.spaces": "代理 URL 不能包含空格。",
    "settings.proxy.invalid": "代理 URL 不是有效的地址（请检查端口号）。",
    "settings.proxy.no_host": "代理 URL 缺少主机名。",
    "settings.proxy.path": "代理 URL 只能包含协议、主机和端口（不能有路径）。",
    # Generation settings of a conversation (app/core/chat/generation.py).
    "generation.temperature": "温度必须在 0 到 2 之间。",
    "generation.top_p": "Top P 必须在 0 到 1 之间。",
    "generation.top_k": "Top K 必须大于等于 1。",
    "generation.max_output_tokens": "最大输出 token 数必须大于等于 1。",
    "generation.stop_sequences": "最多只能设置 {count} 个停止序列。",
    "generation.safety": "未知的安全设置 {category}={threshold}。",
    "generation.thinking_level": "未知的思考等级“{level}”。",
    "generation.thinking_budget.pro_off": (
        "Pro 模型无法关闭思考：请选择 128 到 32768 之间的预算，或选择动态。"
    ),
    "generation.thinking_budget.range": "此模型的思考预算必须在 {low} 到 {high} 之间（或 -1 表示动态）。",
    "generation.thinking_budget.negative": "思考预算不能为负数。",
    # Importing a JSON export (app/core/chat/importer.py): why a file cannot be read.
    "import.damaged": "文件已损坏（{where}）：{reason}",
    "import.reason.object": "此处应为对象。",
    "import.reason.text": "“{key}”应为文本。",
    "import.reason.role": "角色必须是“user”或“model”。",
    "import.reason.parent": "“parent” 必须指向本对话中更早的一条消息。",
    "import.reason.parts": "“parts”应为对象列表。",
    "import.reason.status": "未知的状态“{status}”。",
    "import.reason.messages": "“messages”应为列表。",
    "import.reason.conversations": "此处应为会话列表。",
    "import.not_json": "这不是 JSON 文件（{error}）。",
    "import.not_export": "此文件不是 Gemini Desk 的导出文件：请选择用“导出为 JSON…”保存的文件。",
    "import.bad_version": "导出文件的版本（{version}）无效。",
    "import.newer": (
        "此文件由较新版本的 Gemini Desk 导出（格式版本 {version}，当前版本最多支持 {supported}）。请更新 "
        "Gemini Desk 后再导入。"
    ),
    # Attaching files (app/core/chat/attachments.py): why a file cannot be attached; the chips' type label.
    "attachment.missing": "无法附加“{name}”：文件已不存在，可能已被移动或删除。",
    "attachment.directory": "“{name}”是一个文件夹。请附加其中的文件。",
    "attachment.special": "“{name}”不是普通文件（而是管道、设备或套接字），无法附加。",
    "attachment.permission": "无法读取“{name}”：没有权限。请检查文件权限。",
    "attachment.unreadable": "无法读取“{name}”：{detail}",
    "attachment.empty": "“{name}”是空文件，没有可发送的内容。",
    "attachment.too_large": "“{name}”大小为 {size}，超过 {limit} 的文件无法随消息发送。请先压缩或拆分。",
    "attachment.unsupported": (
        "Gemini 不接受“{name}”这种文件类型。可以附加图片（PNG、JPEG、WebP、HEIC、GIF）、PDF、"
        "文本或代码文件，或音频（WAV、MP3、AAC、OGG、FLAC、AIFF）。"
    ),
    "attachment.damaged": "“{name}”看起来不是有效的 {kind} 文件，可能已损坏或扩展名有误。",
    "attachment.type.text": "文本",
    # Errors added with the misbehaving-gateway work: redirects, and an error object instead of an answer.
    "gemini.redirect.title": "网关重定向了请求",
    "gemini.redirect.hint": (
        "目标地址为 {target}，这不是 API 地址（可能是登录页面）。为避免密钥被发往其他地址，不会跟随重定向。"
        "请在设置中检查 Base URL。"
    ),
    "gemini.redirect.to_base.title": "网关重定向了请求",
    "gemini.redirect.to_base.hint": (
        "目标地址为 {target}。为避免密钥被发往其他地址，不会跟随重定向。如果信任新地址，请在设置中将 Base "
        "URL 更新为 {base}。"
    ),
    "gemini.redirect.nowhere.title": "网关重定向了请求",
    "gemini.redirect.nowhere.hint": (
        "但没有给出目标地址。为避免密钥被发往其他地址，不会跟随重定向。请在设置中检查 Base URL。"
    ),
    "gemini.stream.before_answer.title": "网关返回了错误，而不是回答",
    "gemini.stream.before_answer.hint": (
        "网关的原话见下方。请重试；如果持续出现，请换一个模型或查看网关控制台日志。"
    ),
    # Tools (app/core/tools, app/core/chat/tool_loop.py).
    "tools.server_failed": "工具服务器 {server} 无法启动（{error}）。它最后的输出：{stderr}",
    "tools.server_failed.silent": "工具服务器 {server} 无法启动（{error}）。它没有任何输出。",
    "tools.schema_skipped": "以下工具的参数结构不是 JSON 对象，未提供给模型：{tools}",
    "tools.left_out.too_large": "以下工具的声明超过 {limit} KB，未提供给模型（{count} 个）：{tools}",
    "tools.left_out.too_many": "一次请求最多提供 {limit} 个工具，以下工具未提供给模型（{count} 个）：{tools}",
    "tools.left_out.total_size": "为使全部声明不超过 {limit} KB，以下工具未提供给模型（{count} 个）：{tools}",
    "tools.step_limit": (
        "模型已连续 {limit} 次请求调用工具，已在此停止。发送一条消息让它继续，"
        "或在“设置 → 工具”中提高步数上限。"
    ),
    "tools.not_offered": "模型要求运行 {function}，但这里没有提供它；什么也没有运行。",
    "tools.native_refused.hint": (
        "此模型或网关不支持在使用工具的同时启用 Google 搜索、代码执行或网址上下文。"
        "请在对话设置中关闭这些功能，"
        "或为此对话关闭工具。"
    ),
    "tools.import.not_json": "这不是 JSON。请粘贴完整的 mcpServers 文档。",
    "tools.import.no_servers": '未找到服务器。应为 {{"mcpServers": {{"名称": {{"command": …}}}}}}。',
    "tools.server.no_command": "服务器 {server} 没有可启动的命令。",
    "tools.server.bad_url": "服务器 {server} 需要 http:// 或 https:// 网址。",
    "tools.server.bad_name": "服务器需要名称（最多 64 个字符，不含“/”和控制字符）。",
    "tools.server.name_taken": "已有名为 {server} 的服务器：请换一个名称。",
    "tools.failure.not_found": "找不到程序 {command}：请检查命令，或先安装它。",
    "tools.failure.not_permitted": "此处无权运行程序 {command}（权限被拒绝）。",
    "tools.failure.exited": "服务器在应答之前就结束了。",
    "tools.failure.timeout": "服务器在 {seconds} 秒内没有应答。",
    "tools.failure.http_status": "{url} 返回了错误（HTTP {status}）：请检查网址和请求头。",
    "tools.failure.http_refused": "{url} 返回了错误：请检查网址，以及请求头或令牌。",
    "tools.failure.unreachable": "无法连接到 {url}：请检查网址，并确认服务器正在运行。",
    "tools.failure.refused": "应用开始会话时，服务器返回了错误。",
    "tools.failure.other": "服务器无法启动。",
    # gemini-desk-cli 自己的话（app/cli.py）：帮助，以及 stderr 上的提示。
    "cli.description": "在终端中向 Gemini 提问，使用 Gemini Desk 的设置、API 密钥和对话。",
    "cli.usage": "用法：",
    "cli.arguments": "参数",
    "cli.options": "选项",
    "cli.help.help": "显示此帮助并退出",
    "cli.help.prompt": "要问的内容（省略时从标准输入读取）",
    "cli.help.model": "要询问的模型（默认：对话所用的模型，否则为默认模型）",
    "cli.help.conversation": "继续此对话",
    "cli.help.list_models": "列出网关的模型后退出",
    "cli.help.json": "每个事件输出为一行 JSON 对象",
    "cli.help.raw": "原样输出回答（否则控制字符显示为 [U+001B]，输出到管道时也是如此）",
    "cli.help.data_dir": "应用的数据文件夹（同 gemini-desk --data-dir）",
    "cli.exit_codes": "退出状态：{codes}",
    "cli.no_prompt": "请给出提示，或通过标准输入传入（见 --help）",
    "cli.empty_prompt": "提示为空",
    "cli.stopped": "已停止。",
    "cli.unknown_conversation": "没有编号为 {id} 的对话。",
    "cli.retrying": "{reason}（{delay} 秒后重试）",
    "cli.key_hint": "在终端中：设置 GEMINI_API_KEY，或在 Gemini Desk 的设置中保存密钥。",
    "cli.help.allow_http": "仍然把密钥发送到网络上使用纯 http:// 的网关",
    "cli.gateway_lost": "设置中的网关地址无法读取。尚未发送任何内容：请在 Gemini Desk 中重新设置。",
    "cli.plain_http": (
        "网关地址 {origin} 使用纯 http://：你的 API 密钥和对话将以未加密的方式经过网络，途中任何人都能读取。"
        "尚未发送任何内容。如果网关支持，请使用 https://，或用 --allow-http 仍然发送。"
    ),
}
