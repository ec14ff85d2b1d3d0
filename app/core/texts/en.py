"""English: the reference catalogue of the core's texts (see ``app.core.texts``).

Every code the core uses has its text here. Fields in braces are filled in by the code that says it; keep
them when rewording. Codes are stored in the chat history: never rename one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

TEXTS: Final[Mapping[str, str]] = {
    # Errors of the Gemini client (app/core/gemini/errors.py): a title says what happened, a hint what to do.
    "error.headline": "{title}{status}.",
    "error.status": " (HTTP {status})",
    "error.gateway_message": 'Gateway message: "{text}"',
    "error.page_title": 'Page title: "{text}"',
    "error.request_id": "Request id: {text}",
    "error.detail": "Details: {text}",
    "gemini.error.title": "The request failed",
    "gemini.error.hint": "Try again. If it keeps failing, check the settings and the gateway console.",
    "gemini.configuration.title": "The connection settings are invalid",
    "gemini.configuration.hint": (
        "Check the base URL (for example https://gogogotoken.ai) and the API key in Settings."
    ),
    "gemini.configuration.no_key.title": "No API key is set",
    "gemini.configuration.no_key.hint": "Add your API key in Settings.",
    "gemini.configuration.key_characters.title": "The API key contains a character that cannot be sent",
    "gemini.configuration.key_characters.hint": (
        "It holds an invisible or non-ASCII character, often from copying. Paste the key again in Settings."
    ),
    "gemini.configuration.model.title": "No model is selected",
    "gemini.configuration.model.hint": (
        "Choose a model for this conversation (refresh the model list if it is empty)."
    ),
    "gemini.transport.title": "Could not reach the gateway",
    "gemini.transport.hint": "Check your network, the base URL and the proxy setting.",
    "gemini.connection.title": "The connection to the gateway failed",
    "gemini.connection.hint": "Check your network, the base URL and the proxy setting, then try again.",
    "gemini.connection.dns.title": "The gateway's host name could not be resolved",
    "gemini.connection.dns.hint": "Check the base URL for typos, your internet connection and DNS.",
    "gemini.connection.refused.title": "The gateway refused the connection",
    "gemini.connection.refused.hint": "Check the base URL and its port; the gateway may be down.",
    "gemini.connection.proxy.title": "The proxy could not connect to the gateway",
    "gemini.connection.proxy.hint": (
        "Check the proxy in Settings (address, port, type), or try without a proxy."
    ),
    "gemini.connection.proxy_unreachable.title": "The proxy could not be reached",
    "gemini.connection.proxy_unreachable.hint": (
        "Check that the proxy is running, and its address and port in Settings, or try without a proxy."
    ),
    "gemini.connection.timeout.title": "Connecting to the gateway timed out",
    "gemini.connection.timeout.hint": (
        "Check your network and the proxy setting; the gateway may be unreachable from here."
    ),
    "gemini.connection.no_answer.title": "The gateway did not answer in time",
    "gemini.connection.no_answer.hint": (
        "It sent nothing back for a while; it may be overloaded or unreachable from here. Try again later, "
        "or type the model's name in the picker."
    ),
    "gemini.connection.cut.title": "The connection was cut while the answer was arriving",
    "gemini.connection.cut.hint": (
        "The partial answer is kept. Try again; if it keeps happening, check the network or proxy."
    ),
    "gemini.tls.title": "The secure connection (TLS) to the gateway failed",
    "gemini.tls.hint": (
        "The certificate could not be verified or the server does not speak HTTPS. Check https:// versus "
        "http:// in the base URL, your system clock, and whether a proxy or firewall intercepts HTTPS."
    ),
    "gemini.idle_timeout.title": "No data from the gateway for {idle} s",
    "gemini.idle_timeout.hint": (
        "The model may be overloaded. Try again, or raise the idle timeout in Settings. Any partial answer "
        "is kept."
    ),
    "gemini.http_status.title": "The gateway returned an error",
    "gemini.http_status.hint": "Try again later; if it persists, check the gateway console logs.",
    "gemini.bad_request.title": "The request was rejected",
    "gemini.bad_request.hint": (
        "The message below says why: usually a setting this model does not support (such as the thinking "
        "budget) or an attachment it cannot read. Change it and try again."
    ),
    "gemini.authentication.title": "The API key was rejected",
    "gemini.authentication.hint": (
        "Check the API key in Settings, and its status on the gateway console (enabled, not expired, quota "
        "left)."
    ),
    "gemini.authentication.hint.here": (
        "Check the API key entered here, and its status on the gateway console (enabled, not expired, quota "
        "left)."
    ),
    "gemini.billing.balance.title": "Your balance on the gateway is too low",
    "gemini.billing.balance.hint": (
        "Top up on the gateway's console (or ask its admin to raise your quota), then send again."
    ),
    "gemini.billing.key_quota.title": "This API key's quota is used up",
    "gemini.billing.key_quota.hint": (
        "Raise the key's quota (or make it unlimited) under Tokens on the gateway's console, or use "
        "another key."
    ),
    "gemini.billing.key_expired.title": "This API key has expired",
    "gemini.billing.key_expired.hint": (
        "Renew it under Tokens on the gateway's console (extend its expiry), or create a new key and "
        "enter it in Settings."
    ),
    "gemini.model_access.title": "This key may not use this model",
    "gemini.model_access.hint": (
        "The key's group may not use this model (or its quota is used up). Choose another model, or ask "
        "the gateway admin to enable it for your group."
    ),
    "gemini.model_access.model_limit.title": "This key may not use this model",
    "gemini.model_access.model_limit.hint": (
        "The key is limited to certain models. Pick a model it allows, or add this one to the key's "
        "model limits on the gateway's console."
    ),
    "gemini.model_access.no_channel.title": "The gateway has no channel for this model in your key's group",
    "gemini.model_access.no_channel.hint": (
        "Pick a model your key's group has (refresh the model list), or ask the gateway admin to add a "
        "channel for it."
    ),
    "gemini.endpoint_unsupported.title": "This model cannot answer on the gateway's Gemini endpoint",
    "gemini.endpoint_unsupported.hint": (
        "The gateway serves it through a channel (such as Claude's) that cannot take Gemini requests. Pick "
        "a Gemini model."
    ),
    "gemini.not_found.title": "The model or the API path was not found",
    "gemini.not_found.hint": "Check the model name (refresh the model list) and the base URL.",
    "gemini.request_too_large.title": "The request is too large for the gateway",
    "gemini.request_too_large.hint": "Remove some attachments or shorten the conversation, then try again.",
    "gemini.rate_limit.title": "Rate limit reached",
    "gemini.rate_limit.hint": "Lower the request rate, or change your plan.",
    "gemini.rate_limit.wait": " The gateway asks to wait {wait} s.",
    "gemini.rate_limit.per_day.title": "The daily quota is used up",
    "gemini.rate_limit.per_day.hint": "Wait until tomorrow, or change your plan.",
    "gemini.rate_limit.window.title": "Request limit reached: at most {requests} requests in {minutes} min",
    "gemini.rate_limit.window.hint": (
        "The gateway counts requests in a window, failed ones too. Try again after {time}; sending sooner "
        "only uses up the window."
    ),
    "gemini.rate_limit.silent.title": "Rate limit reached",
    "gemini.rate_limit.silent.hint": (
        "The gateway gave no reason and no wait. Wait a minute before sending again; if it keeps happening, "
        "lower the request rate or ask the gateway admin about its limits."
    ),
    "gemini.server.title": "The gateway or the upstream service failed",
    "gemini.server.hint": (
        "This is a problem of the gateway or of Google, not of your settings. Try again later, and check "
        "the gateway console logs."
    ),
    "gemini.server.page.title": "The gateway (or a proxy in front of it) answered with an error page",
    "gemini.server.page.hint": (
        "The gateway or its web server is failing. Try again later, and check the gateway console logs."
    ),
    "gemini.response_format.title": "The gateway's answer is not a Gemini response",
    "gemini.response_format.hint": "Check the base URL, then try again.",
    "gemini.wrong_content_type.title": "This looks like a web page, not the API",
    "gemini.wrong_content_type.hint": (
        "Check the base URL: it must be the gateway's API address (for example https://gogogotoken.ai), "
        "not a page of its website. If the page is a login page or a network's captive portal (hotel, "
        "airport, office Wi-Fi), sign in to the network in a browser first."
    ),
    "gemini.empty_response.title": "The gateway sent an empty answer",
    "gemini.empty_response.hint": "The upstream probably timed out before answering. Try again.",
    "gemini.malformed_stream.title": "The answer could not be read",
    "gemini.malformed_stream.hint": (
        "The gateway sent data that is not valid JSON. Any partial answer is kept. Try again; if it keeps "
        "happening, check the base URL and the gateway logs."
    ),
    "gemini.truncated_stream.title": "The answer was cut off",
    "gemini.truncated_stream.hint": (
        "The stream ended in the middle of a response. The partial answer is kept; try again."
    ),
    "gemini.too_large.title": "The answer passed {megabytes} MB and was stopped",
    "gemini.too_large.hint": "Far more than a real answer: the gateway may be looping. What arrived is kept.",
    "gemini.too_large.event.title": "The gateway sent one piece of the answer over {megabytes} MB",
    "gemini.too_large.event.hint": "No real answer has a piece this large. Any partial answer is kept.",
    "gemini.stream.title": "The gateway reported an error while answering",
    "gemini.stream.hint": (
        "The partial answer is kept. Try again; if it keeps happening, try another model or check the "
        "gateway console logs."
    ),
    # How a reply ended (app/core/gemini/finish.py): a title and a detail per finishReason and blockReason.
    "finish.max_tokens.title": "Answer cut off",
    "finish.max_tokens.detail": (
        "The reply reached the output length limit (maxOutputTokens) and stopped. Ask the model to "
        "continue, or raise the output limit."
    ),
    "finish.safety.title": "Stopped by safety filters",
    "finish.safety.detail": (
        "The answer was stopped because it was flagged as potentially harmful{categories}. Rephrase the "
        "request or adjust the safety settings."
    ),
    "finish.recitation.title": "Stopped for reciting existing material",
    "finish.recitation.detail": (
        "The answer closely repeated existing material (for example copyrighted text) and was stopped. Ask "
        "for a summary or for the content in the model's own words."
    ),
    "finish.language.title": "Unsupported language",
    "finish.language.detail": "The answer was stopped because it used a language the model does not support.",
    "finish.other.title": "Stopped for an unspecified reason",
    "finish.other.detail": "The model stopped without saying why. Try again.",
    "finish.blocklist.title": "Blocked terms",
    "finish.blocklist.detail": "The answer contained terms from a blocked-terms list and was stopped.",
    "finish.prohibited_content.title": "Prohibited content",
    "finish.prohibited_content.detail": "The answer was stopped because it may contain prohibited content.",
    "finish.spii.title": "Sensitive personal information",
    "finish.spii.detail": "The answer was stopped because it may contain sensitive personal information.",
    "finish.malformed_function_call.title": "Malformed function call",
    "finish.malformed_function_call.detail": (
        "The model produced a function call that could not be parsed. Try again, or simplify the function "
        "declarations."
    ),
    "finish.image_safety.title": "Image blocked by safety filters",
    "finish.image_safety.detail": "The generated image was stopped by safety filters.",
    "finish.image_prohibited_content.title": "Image with prohibited content",
    "finish.image_prohibited_content.detail": (
        "The generated image was stopped because it may contain prohibited content."
    ),
    "finish.image_other.title": "Image generation stopped",
    "finish.image_other.detail": "Image generation stopped without saying why. Try again.",
    "finish.no_image.title": "No image generated",
    "finish.no_image.detail": (
        "An image was expected but the model did not produce one. Ask for an image explicitly."
    ),
    "finish.image_recitation.title": "Image too close to existing material",
    "finish.image_recitation.detail": (
        "The generated image closely resembled existing material and was stopped."
    ),
    "finish.unexpected_tool_call.title": "Unexpected tool call",
    "finish.unexpected_tool_call.detail": (
        "The model tried to call a tool that is not enabled for this request. Enable the tool or try again."
    ),
    "finish.too_many_tool_calls.title": "Too many tool calls",
    "finish.too_many_tool_calls.detail": (
        "The model called tools too many times in a row and was stopped. Try again or simplify the task."
    ),
    "finish.thinking_budget.title": "Thinking used the whole output budget",
    "finish.thinking_budget.detail": (
        "The model spent every output token on thinking before writing an answer (thinking tokens count "
        "against maxOutputTokens). Raise the output limit or lower the thinking budget."
    ),
    "finish.unknown.title": "Stopped (reason {reason})",
    "finish.unknown.detail": "The model stopped with reason {reason}, unknown to this app.",
    "finish.interrupted.title": "Reply interrupted",
    "finish.interrupted.detail": (
        "The stream ended before the model finished. The partial answer was kept; you can retry."
    ),
    "finish.empty.title": "Empty answer",
    "finish.empty.detail": "The model finished without writing anything. Try again or rephrase the request.",
    "block.safety.title": "Message blocked by safety filters",
    "block.safety.detail": (
        "Your message was refused because it was flagged as potentially harmful{categories}. Rephrase it "
        "or adjust the safety settings."
    ),
    "block.other.title": "Message refused",
    "block.other.detail": "No reason was given for refusing your message. Rephrase it.",
    "block.blocklist.title": "Message contains blocked terms",
    "block.blocklist.detail": "Your message contains terms from a list of blocked terms.",
    "block.prohibited_content.title": "Message contains prohibited content",
    "block.prohibited_content.detail": "Your message was refused because it may contain prohibited content.",
    "block.image_safety.title": "Image in message blocked",
    "block.image_safety.detail": "An image in your message was flagged by safety filters.",
    "block.unknown.title": "Message refused (reason {reason})",
    "block.unknown.detail": "Your message was refused with reason {reason}.",
    "finish.service_said": "{detail}\n\nThe service said: {message}",
    "finish.categories": " ({names})",
    "harm.harassment": "harassment",
    "harm.hate_speech": "hate speech",
    "harm.sexually_explicit": "sexually explicit content",
    "harm.dangerous_content": "dangerous content",
    "harm.civic_integrity": "civic integrity",
    "harm.image_hate": "hateful imagery",
    "harm.image_dangerous_content": "dangerous imagery",
    "harm.image_harassment": "harassing imagery",
    "harm.image_sexually_explicit": "sexually explicit imagery",
    "harm.jailbreak": "jailbreak attempt",
    "list.separator": ", ",
    "notice.line": "{title}: {detail}",
    # Markdown exports (app/core/chat/export.py): headings and labels.
    "export.user": "User",
    "export.model": "Model",
    "export.thoughts": "Thoughts",
    "export.created": "Created",
    "export.model_line": "Model",
    "export.exported": "Exported",
    "export.code": "Code",
    "export.result": "Result",
    "export.call": "Function call",
    "export.response": "Function response",
    "export.image": "Image",
    "export.file": "File",
    "export.unreadable": "(data could not be decoded)",
    "export.version": "version {number} of {count}",
    "export.usage": "Tokens: {prompt} in · {output} out · {thinking} thinking · {total} total",
    "export.stopped": "Stopped by the user; the answer is incomplete.",
    "export.interrupted": "Interrupted; the answer is incomplete.",
    "export.streaming": "Still arriving when exported; the answer is incomplete.",
    "export.error": "Failed",
    "export.sources": "Sources",
    "export.searches": "Searches",
    "export.system_instruction": "System instruction",
    "export.parameters": "Parameters",
    # The chat history (store/db.py), then the keyring (secrets.py): each problem, then what to do about it.
    "store.too_new": (
        "This chat history was made by a newer Gemini Desk (schema version {found}; this version "
        "understands up to {known})."
    ),
    "store.too_new.hint": "Update Gemini Desk to open it; the file was left untouched.",
    "store.full": "The disk holding the chat history is full{where}; the last change was not saved.",
    "store.full.hint": "Free some disk space, then try again. Earlier conversations are safe.",
    "store.read_only": "The chat history cannot be written: the file or its folder is read-only{where}.",
    "store.read_only.hint": "Check the folder's permissions, or choose another data folder.",
    "store.unavailable": "The chat history file cannot be opened{where}.",
    "store.unavailable.hint": "Check that the folder exists and that you may read and write it.",
    "store.corrupt": "The chat history file is damaged or is not a Gemini Desk database{where}.",
    "store.corrupt.header": "The chat history file is damaged or is not a Gemini Desk database ({path}).",
    "store.corrupt.hint": "Gemini Desk can move it aside and start a fresh history.",
    "store.busy": "The chat history is locked by another program{where}.",
    "store.busy.hint": "Close other copies of Gemini Desk, then try again.",
    "store.io": "The system reported a disk error while using the chat history{where}.",
    "store.io.hint": "Check the disk (or network drive) and try again.",
    "store.other": "Chat history error: {text}",
    "store.folder": "The folder for the chat history cannot be created ({folder}): {reason}.",
    "store.no_wal": "The chat history cannot use write-ahead logging (journal mode {mode}).",
    "store.no_wal.hint": "Keep the data folder on a local disk.",
    "store.upgrade_read_only": "The chat history needs an upgrade but was opened read-only ({path}).",
    "store.upgrade_read_only.hint": "Open it with write access once to upgrade it.",
    "store.backup.missing": "There is no chat history file to move aside ({path}).",
    "store.backup.failed": "The damaged chat history could not be moved aside ({path}): {reason}.",
    "store.backup.failed.hint": "Close other programs using the file, or move it away by hand.",
    "keyring.with_advice": "{problem} {advice}",
    "keyring.session_advice": "You can still use a key for this session only; it will not be saved.",
    "keyring.failed": "The system keyring failed.",
    "keyring.none": (
        "No system keyring is available to store the API key. On Linux, install and start GNOME Keyring or "
        "KWallet (a Secret Service provider) inside a desktop session with D-Bus."
    ),
    "keyring.insecure": (
        "The configured keyring stores secrets unencrypted in a file, so Gemini Desk will not use it. "
        "Configure the system keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential "
        "Manager) instead."
    ),
    "keyring.locked": (
        "The system keyring is locked, or unlocking it was cancelled. Unlock it (for example log in to "
        "GNOME Keyring or open KWallet) and try again."
    ),
    "keyring.access": (
        "The system keyring reported an error while accessing the API key. Try again, or restart the "
        "keyring service."
    ),
    "keyring.timeout": (
        "The system keyring did not answer within {timeout} seconds. An unlock dialog may be waiting for "
        "your password, possibly behind another window."
    ),
    # Settings typed (app/core/settings.py; never echo the input), then a conversation's (chat/generation.py).
    "settings.base_url.empty": "Enter the gateway's base URL.",
    "settings.base_url.spaces": "The base URL must not contain spaces.",
    "settings.base_url.invalid": "The base URL is not a valid address (check the port number).",
    "settings.base_url.scheme": "The base URL must start with https:// or http://.",
    "settings.base_url.no_host": "The base URL has no host name.",
    "settings.base_url.host": "The base URL's host name holds characters no host name has.",
    "settings.base_url.credentials": (
        "Do not put a user name or password in the base URL; enter the API key in its own field."
    ),
    "settings.base_url.query": (
        "The base URL must not contain '?' or '#' parts; enter the API key in its own field."
    ),
    "settings.proxy.scheme": "The proxy URL must start with http://, https://, socks5:// or socks5h://.",
    "settings.proxy.empty": "Enter the proxy URL.",
    "settings.proxy.spaces": "The proxy URL must not contain spaces.",
    "settings.proxy.invalid": "The proxy URL is not a valid address (check the port number).",
    "settings.proxy.no_host": "The proxy URL has no host name.",
    "settings.proxy.path": "The proxy URL must be only scheme, host and port (no path).",
    "generation.temperature": "Temperature must be between 0 and 2.",
    "generation.top_p": "Top P must be between 0 and 1.",
    "generation.top_k": "Top K must be 1 or more.",
    "generation.max_output_tokens": "Max output tokens must be 1 or more.",
    "generation.stop_sequences": "At most {count} stop sequences are allowed.",
    "generation.safety": "Unknown safety setting {category}={threshold}.",
    "generation.thinking_level": "Unknown thinking level “{level}”.",
    "generation.thinking_budget.pro_off": (
        "Pro models cannot turn thinking off: choose a budget of 128 to 32768 tokens, or dynamic."
    ),
    "generation.thinking_budget.range": (
        "The thinking budget for this model must be between {low} and {high} tokens (or -1 for dynamic)."
    ),
    "generation.thinking_budget.negative": "The thinking budget cannot be negative.",
    # Why an export cannot be imported (chat/importer.py) or a file attached (chat/attachments.py); chips.
    "import.damaged": "The file is damaged ({where}): {reason}",
    "import.reason.object": "an object was expected.",
    "import.reason.text": "“{key}” must be text.",
    "import.reason.role": "the role must be “user” or “model”.",
    "import.reason.parent": "“parent” must name an earlier message of the conversation.",
    "import.reason.parts": "“parts” must be a list of objects.",
    "import.reason.status": "unknown status “{status}”.",
    "import.reason.messages": "“messages” must be a list.",
    "import.reason.conversations": "a list of conversations was expected.",
    "import.not_json": "This is not a JSON file ({error}).",
    "import.not_export": "This file is not a Gemini Desk export: choose a file saved with “Export as JSON…”.",
    "import.bad_version": "The export's version ({version}) is not valid.",
    "import.newer": (
        "This export was made by a newer Gemini Desk (format version {version}; this one reads up to "
        "{supported}). Update Gemini Desk to import it."
    ),
    "attachment.missing": (
        "“{name}” cannot be attached: the file no longer exists. It may have been moved or deleted."
    ),
    "attachment.directory": "“{name}” is a folder. Attach the files inside it instead.",
    "attachment.special": (
        "“{name}” is not a regular file (it is a pipe, a device or a socket) and cannot be attached."
    ),
    "attachment.permission": "“{name}” cannot be read: permission denied. Check the file's permissions.",
    "attachment.unreadable": "“{name}” cannot be read: {detail}",
    "attachment.empty": "“{name}” is empty: there is nothing to send.",
    "attachment.too_large": (
        "“{name}” is {size}; files over {limit} cannot be sent inline. Shrink or split it first."
    ),
    "attachment.unsupported": (
        "“{name}” is not a file type Gemini accepts. Attach images (PNG, JPEG, WebP, HEIC, GIF), PDF, text "
        "or code files, or audio (WAV, MP3, AAC, OGG, FLAC, AIFF)."
    ),
    "attachment.damaged": "“{name}” does not look like a valid {kind} file. It may be damaged or misnamed.",
    "attachment.type.text": "Text",
    # Redirects, an error object instead of an answer (gemini/status_errors.py), then tools (core/tools/).
    "gemini.redirect.title": "The gateway redirected the request",
    "gemini.redirect.hint": (
        "It points to {target}, which is not the API (perhaps a sign-in page). Redirects are not followed, "
        "so that your key never goes to another address. Check the base URL in Settings."
    ),
    "gemini.redirect.to_base.title": "The gateway redirected the request",
    "gemini.redirect.to_base.hint": (
        "It points to {target}. Redirects are not followed, so that your key never goes to another "
        "address. If you trust the new address, update the base URL to {base} in Settings."
    ),
    "gemini.redirect.nowhere.title": "The gateway redirected the request",
    "gemini.redirect.nowhere.hint": (
        "It did not say where to. Redirects are not followed, so that your key never goes to another "
        "address. Check the base URL in Settings."
    ),
    "gemini.stream.before_answer.title": "The gateway reported an error instead of an answer",
    "gemini.stream.before_answer.hint": (
        "Its own words are below. Try again; if it keeps happening, try another model or check the gateway "
        "console logs."
    ),
    "tools.server_failed": "The tool server {server} could not start ({error}). Its last output: {stderr}",
    "tools.server_failed.silent": "The tool server {server} could not start ({error}). It printed nothing.",
    "tools.schema_skipped": "Tools left out because their arguments' schema is not a JSON object: {tools}",
    "tools.left_out.too_large": "Tools left out, their declaration being over {limit} KB ({count}): {tools}",
    "tools.left_out.too_many": "Tools left out because a request offers at most {limit} ({count}): {tools}",
    "tools.left_out.total_size": "Tools left out to keep the declarations to {limit} KB ({count}): {tools}",
    "tools.step_limit": (
        "The model asked for tools {limit} times in a row; stopped there. Send a message to let it go on, or "
        "raise the step limit in Settings → Tools."
    ),
    "tools.not_offered": "The model asked to run {function}, which is not offered here; nothing was run.",
    "tools.native_refused.hint": (
        "This model or gateway does not take Google Search, code execution or URL context together with "
        "tools. Turn those off in the conversation settings, or switch the tools off for this conversation."
    ),
    "tools.import.not_json": "This is not JSON. Paste the whole mcpServers document.",
    "tools.import.no_servers": 'No servers found. Expected {{"mcpServers": {{"name": {{"command": …}}}}}}.',
    "tools.server.no_command": "The server {server} has no command to start.",
    "tools.server.bad_url": "The server {server} needs an http:// or https:// URL.",
    "tools.server.bad_name": 'A server needs a name (at most 64 characters, no "/", no control characters).',
    "tools.server.name_taken": "A server named {server} exists already: choose another name.",
    "tools.failure.not_found": "The program {command} was not found: check the command, or install it.",
    "tools.failure.not_permitted": "The program {command} may not be run here (permission denied).",
    "tools.failure.exited": "The server ended before it answered.",
    "tools.failure.timeout": "The server did not answer within {seconds} s.",
    "tools.failure.http_status": "{url} answered HTTP {status}: check the URL and its headers.",
    "tools.failure.http_refused": "{url} answered with an error: check the URL, and its headers or token.",
    "tools.failure.unreachable": "Could not connect to {url}: check the URL and that the server runs.",
    "tools.failure.refused": "The server answered with an error when the app started a session.",
    "tools.failure.other": "The server could not start.",
    # gemini-desk-cli's own words (app/cli.py): its help, and its notes on stderr.
    "cli.description": "Ask Gemini from a terminal, with Gemini Desk's settings, API key and conversations.",
    "cli.usage": "usage: ",
    "cli.arguments": "arguments",
    "cli.options": "options",
    "cli.help.help": "show this help and exit",
    "cli.help.prompt": "what to ask (read from stdin when left out)",
    "cli.help.model": "the model to ask (default: the conversation's, else the default)",
    "cli.help.conversation": "continue this conversation",
    "cli.help.list_models": "list the gateway's models and exit",
    "cli.help.json": "print every event as a JSON object per line",
    "cli.help.raw": "write the answer exactly as it came (else controls show as [U+001B], also in a pipe)",
    "cli.help.data_dir": "the app's data folder (as gemini-desk --data-dir)",
    "cli.exit_codes": "Exit status: {codes}",
    "cli.no_prompt": "give a prompt, or pipe one to stdin (see --help)",
    "cli.empty_prompt": "the prompt is empty",
    "cli.stopped": "Stopped.",
    "cli.unknown_conversation": "There is no conversation {id}.",
    "cli.retrying": "{reason} (retrying in {delay} s)",
    "cli.key_hint": "In a terminal: set GEMINI_API_KEY, or save a key in Gemini Desk's Settings.",
    "cli.help.allow_http": "send the key to a plain http:// gateway on the network anyway",
    "cli.gateway_lost": "The settings' gateway address is unreadable. Nothing was sent: set it in the app.",
    "cli.plain_http": (
        "{origin} uses plain http://: the key and the conversation would cross the network unencrypted, "
        "readable on the way. Nothing was sent. Use https://, or --allow-http to send anyway."
    ),
}
