<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Gemini Desk</source>
        <translation>关于 Gemini Desk</translation>
    </message>
    <message>
        <source>Gemini Desk</source>
        <translation>Gemini Desk</translation>
    </message>
    <message>
        <source>Version {0}</source>
        <translation>版本 {0}</translation>
    </message>
    <message>
        <source>Your conversations and settings are kept in:
{0}</source>
        <translation>你的会话和设置保存在：
{0}</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Gemini Desk is free software under the MIT License.</source>
        <translation>Gemini Desk 是基于 MIT 许可证发布的自由软件。</translation>
    </message>
    <message>
        <source>It is built with these components, under their own licences:</source>
        <translation>它使用了以下组件，各自遵循其许可证：</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>Figures come from the gateway (new-api&apos;s /api/usage/token/, or the billing routes of one-api and older gateways) and are refreshed after replies, at most once a minute.</source>
        <translation>数据来自网关（new-api 的 /api/usage/token/，或 one-api 及较旧网关的账单接口），在回答后刷新，最多每分钟一次。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Refresh the key&apos;s quota</source>
        <translation>刷新密钥额度</translation>
    </message>
    <message>
        <source>The key&apos;s quota</source>
        <translation>密钥额度</translation>
    </message>
    <message>
        <source>This gateway does not report the key&apos;s quota (Google&apos;s own endpoint and many relays do not). Its console shows the balance.</source>
        <translation>此网关不提供密钥额度（Google 官方接口和许多中转站都不提供）。请在其控制台查看余额。</translation>
    </message>
</context>
<context>
    <name>AnswerImages</name>
    <message>
        <source>Attachment {0}</source>
        <translation>附件 {0}</translation>
    </message>
    <message>
        <source>Image {0} of the answer</source>
        <translation>回答中的图片 {0}</translation>
    </message>
</context>
<context>
    <name>AppearancePage</name>
    <message>
        <source>Look</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>High contrast gives text and borders the strongest colours.</source>
        <translation>高对比度让文字和边框使用最醒目的颜色。</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>The size of the messages; Ctrl+plus and Ctrl+minus change it too.</source>
        <translation>消息的字号；也可以用 Ctrl+加号 和 Ctrl+减号 调整。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>A new language applies as soon as you click OK.</source>
        <translation>点击“确定”后，新的语言立即生效。</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Attachment: {0}</source>
        <translation>附件：{0}</translation>
    </message>
    <message>
        <source>Remove {0}</source>
        <translation>移除 {0}</translation>
    </message>
    <message>
        <source>{0} · too large</source>
        <translation>{0} · 过大</translation>
    </message>
</context>
<context>
    <name>AttachmentController</name>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Supported files ({0})</source>
        <translation>支持的文件（{0}）</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Large request</source>
        <translation>请求较大</translation>
    </message>
    <message>
        <source>This message with its attachments and the conversation so far is about {0}.</source>
        <translation>这条消息连同附件和此前的会话内容约为 {0}。</translation>
    </message>
    <message>
        <source>Gateways and the proxies in front of them often reject requests larger than {0} (HTTP 413 or a dropped connection). Remove some attachments or start a new conversation if sending fails.</source>
        <translation>网关及其前面的代理常会拒绝大于 {0} 的请求（HTTP 413 或连接被断开）。如果发送失败，请移除部分附件或新建会话。</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>“{0}” could not be attached: {1}</source>
        <translation>无法添加附件“{0}”：{1}</translation>
    </message>
    <message>
        <source>“{0}” is {1} (about {2} as sent), over the {3} that gateways and their proxies often accept.</source>
        <translation>“{0}”大小为 {1}（发送时约 {2}），超过了网关及其代理通常接受的 {3}。</translation>
    </message>
    <message>
        <source>Large attachment</source>
        <translation>附件过大</translation>
    </message>
    <message>
        <source>It is attached, marked in the message box; sending will ask first. Remove it, or send a smaller file, if the gateway refuses the request.</source>
        <translation>文件已附加，并在输入框中标出；发送前会先询问。如果网关拒绝该请求，请移除它或改用较小的文件。</translation>
    </message>
    <message>
        <source>Cannot attach</source>
        <translation>无法添加附件</translation>
    </message>
    <message>
        <source>Some files were not attached.</source>
        <translation>部分文件未能添加为附件。</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Add your API key in Settings first, or try the demo.</source>
        <translation>请先在设置中填写 API 密钥，或试用演示模式。</translation>
    </message>
    <message>
        <source>This answer uses the model&apos;s default thinking; change it in the conversation settings.</source>
        <translation>本次回答使用该模型的默认思考设置；可在会话设置中更改。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Prompt</source>
        <extracomment>The model the next question goes to; the window connects its ``clicked`` to the model picker.</extracomment>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Type a message for the model</source>
        <translation>输入要发送给模型的消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>Attach images, PDF, text or code files, or audio</source>
        <translation>添加图片、PDF、文本或代码文件，或音频</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>An answer is still arriving. Press Stop (Esc) to end it, then send.</source>
        <translation>回答仍在生成中。请按“停止”（Esc）结束它，然后再发送。</translation>
    </message>
    <message>
        <source>Files are still being read. Send again in a moment.</source>
        <translation>文件仍在读取中，请稍后再发送。</translation>
    </message>
    <message>
        <source>Message Gemini… (Ctrl+Enter to send, Enter for a new line)</source>
        <translation>给 Gemini 发消息…（Ctrl+Enter 发送，Enter 换行）</translation>
    </message>
    <message>
        <source>Message Gemini… (Enter to send, Shift+Enter for a new line)</source>
        <translation>给 Gemini 发消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
</context>
<context>
    <name>ConnectionController</name>
    <message>
        <source>Enter an API key in Settings first.</source>
        <translation>请先在设置中输入 API 密钥。</translation>
    </message>
    <message>
        <source>The connection test failed unexpectedly (%1).</source>
        <translation>连接测试意外失败（%1）。</translation>
    </message>
    <message>
        <source>No answer from the gateway after %1 s.</source>
        <translation>网关在 %1 秒内没有应答。</translation>
    </message>
    <message>
        <source>Connected, but the gateway lists no models for this key.</source>
        <translation>已连接，但网关没有为此密钥列出任何模型。</translation>
    </message>
    <message>
        <source>Connected: 1 model (%1)</source>
        <translation>已连接：1 个模型（%1）</translation>
    </message>
    <message>
        <source>Connected: %2 models (%1)</source>
        <translation>已连接：%2 个模型（%1）</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Gateway base URL</source>
        <translation>网关基础 URL</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>清除密钥</translation>
    </message>
    <message>
        <source>Forget the stored API key</source>
        <translation>清除已保存的 API 密钥</translation>
    </message>
    <message>
        <source>Gateway URL</source>
        <translation>网关 URL</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>The address of your new-api or one-api gateway; the key below belongs to it.</source>
        <translation>你的 new-api 或 one-api 网关地址；下面的密钥属于这个网关。</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>The key is never kept in the settings file; the line below says where it is.</source>
        <translation>密钥从不保存在设置文件中；下面一行说明它保存在哪里。</translation>
    </message>
    <message>
        <source>the system keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <source>Stored in: %1</source>
        <translation>保存位置：%1</translation>
    </message>
    <message>
        <source>In a file only you can read (less safe than a keyring): %1</source>
        <translation>保存在只有你能读取的文件中（不如密钥环安全）：%1</translation>
    </message>
    <message>
        <source>Session only (not saved)</source>
        <translation>仅本次运行有效（未保存）</translation>
    </message>
    <message>
        <source>From GEMINI_API_KEY (session only; unset it to use a stored key)</source>
        <translation>来自 GEMINI_API_KEY（仅限本次运行；取消该环境变量即可使用已保存的密钥）</translation>
    </message>
    <message>
        <source>No key saved</source>
        <translation>未保存密钥</translation>
    </message>
    <message>
        <source>The built-in demo gateway (%1) is answering now, with scripted replies. To leave the demo, enter your gateway address and API key, then click OK: Gemini Desk then reopens with your own settings and conversations, and the demo&apos;s conversations are not kept.</source>
        <translation>现在由内置演示网关（%1）以预设内容回答。要退出演示，请填写你的网关地址和 API 密钥，然后点击“确定”：Gemini Desk 随后会以你自己的设置和对话重新打开，演示中的对话不会保留。</translation>
    </message>
    <message>
        <source>The built-in demo gateway (%1) is answering now, with scripted replies. To leave the demo, enter your gateway address and API key, then click OK.</source>
        <translation>现在由内置演示网关（%1）以预设内容回答。要退出演示，请填写你的网关地址和 API 密钥，然后点击“确定”。</translation>
    </message>
    <message>
        <source>The key shown was for another gateway: enter the key for this one.</source>
        <translation>显示的密钥属于另一个网关：请输入此网关的密钥。</translation>
    </message>
</context>
<context>
    <name>ConnectionTestControls</name>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the connection test</source>
        <translation>取消连接测试</translation>
    </message>
    <message>
        <source>Testing the connection</source>
        <translation>正在测试连接</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>连接测试结果</translation>
    </message>
    <message>
        <source>Connection test cancelled.</source>
        <translation>已取消连接测试。</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <source>Conversation deleted.</source>
        <translation>会话已删除。</translation>
    </message>
    <message numerus="yes">
        <source>%n conversations deleted.</source>
        <translation>
            <numerusform>已删除 %n 个会话。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s) restored.</source>
        <translation>
            <numerusform>已恢复 %n 个会话。</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no answer to copy yet.</source>
        <translation>还没有可复制的回答。</translation>
    </message>
    <message>
        <source>Answer copied.</source>
        <translation>已复制回答。</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>Rename</source>
        <extracomment>The hover actions, right to left: (action, icon).</extracomment>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ConversationHeader</name>
    <message>
        <source>Show or hide the conversation list</source>
        <translation>显示或隐藏会话列表</translation>
    </message>
    <message>
        <source>Conversation list</source>
        <translation>会话列表</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>会话标题</translation>
    </message>
    <message>
        <source>Click to rename the conversation</source>
        <translation>点击重命名会话</translation>
    </message>
    <message>
        <source>Has its own system instruction</source>
        <translation>有自己的系统指令</translation>
    </message>
    <message>
        <source>Uses tools</source>
        <translation>使用工具</translation>
    </message>
    <message>
        <source>This conversation uses tools (search, code or web pages)</source>
        <translation>此会话使用工具（搜索、代码或网页）</translation>
    </message>
    <message>
        <source>This conversation has its own system instruction: {0}</source>
        <translation>此会话有自己的系统指令：{0}</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>, pinned</source>
        <extracomment>The name of the date group this row starts (&quot;Today&quot;, &quot;March 2026&quot;), or &quot;&quot; when it starts none. Whether an answer is still being written in this conversation. (its own system instruction or &quot;&quot;, uses tools) from the conversation&apos;s settings. id -&gt; (pinned, updated_at), read with the ids: rows know their date group without being loaded.</extracomment>
        <translation>，已置顶</translation>
    </message>
    <message>
        <source>, answering</source>
        <translation>，正在回答</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新会话</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{1} 年{0}</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsController</name>
    <message>
        <source>This conversation was deleted; nothing was saved.</source>
        <translation>此会话已被删除，未保存任何内容。</translation>
    </message>
    <message>
        <source>Applied to this conversation.</source>
        <translation>已应用到此会话。</translation>
    </message>
    <message>
        <source>Could not save the settings file: %1</source>
        <translation>无法保存设置文件：%1</translation>
    </message>
    <message>
        <source>Saved as the default for new conversations.</source>
        <translation>已保存为新会话的默认设置。</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>会话设置</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>会话设置</translation>
    </message>
    <message>
        <source>System instruction</source>
        <translation>系统指令</translation>
    </message>
    <message>
        <source>How the model should behave in this conversation, e.g. “Answer briefly, in English.”</source>
        <translation>模型在此会话中应如何表现，例如“用英文简要回答。”</translation>
    </message>
    <message>
        <source>Sent with every request as the system instruction, not as a message.</source>
        <translation>作为系统指令随每次请求发送，而不是作为一条消息。</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>停止序列</translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation>停止序列，每行一个</translation>
    </message>
    <message numerus="yes">
        <source>One per line, at most %n</source>
        <translation>
            <numerusform>每行一个，最多 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Output and tools</source>
        <translation>输出与工具</translation>
    </message>
    <message>
        <source>Response modalities</source>
        <translation>回复形式</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Text and images</source>
        <translation>文本和图片</translation>
    </message>
    <message>
        <source>Google Search</source>
        <translation>Google 搜索</translation>
    </message>
    <message>
        <source>Code execution</source>
        <translation>代码执行</translation>
    </message>
    <message>
        <source>URL context</source>
        <translation>URL 上下文</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>How the model answers in this conversation, and only in it.</source>
        <translation>模型在此会话中（且仅在此会话中）如何回答。</translation>
    </message>
    <message>
        <source>The answer ends where the model would write one of these.</source>
        <translation>模型将要写出其中任一序列时，回答即结束。</translation>
    </message>
    <message>
        <source>What an answer may hold, and what the model may use.</source>
        <translation>回答可以包含什么，以及模型可以使用什么。</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Save as default for new conversations</source>
        <translation>保存为新会话的默认设置</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Defaults restored. Apply to use them in this conversation.</source>
        <translation>已恢复默认值。点击“应用”即可在此会话中使用。</translation>
    </message>
    <message>
        <source>Enter a whole number, or leave the field empty for the model&apos;s default.</source>
        <translation>请输入整数，或留空以使用模型默认值。</translation>
    </message>
    <message>
        <source>Enter a number, or leave the field empty for the model&apos;s default.</source>
        <translation>请输入数字，或留空以使用模型默认值。</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>Search conversations</source>
        <translation>搜索会话</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>New conversation (Ctrl+N)</source>
        <translation>新建会话（Ctrl+N）</translation>
    </message>
    <message>
        <source>More conversation actions</source>
        <translation>更多会话操作</translation>
    </message>
    <message>
        <source>Export and import conversations</source>
        <translation>导出和导入会话</translation>
    </message>
    <message>
        <source>Export all as JSON…</source>
        <translation>全部导出为 JSON…</translation>
    </message>
    <message>
        <source>Export all as Markdown…</source>
        <translation>全部导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export all as Markdown with every version…</source>
        <translation>全部导出为包含所有版本的 Markdown…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>No conversation matches “%1”.</source>
        <translation>没有会话匹配“%1”。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n conversations</source>
        <translation>
            <numerusform>删除 %n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export as Markdown with every version…</source>
        <translation>导出为包含所有版本的 Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
</context>
<context>
    <name>CopiedNote</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>CoreTexts</name>
    <message>
        <source>en</source>
        <comment>locale name of the core&apos;s text catalogue</comment>
        <extracomment>Not a text to translate: the locale name of this language&apos;s catalogue in app/core/texts (zh_CN).</extracomment>
        <translation>zh_CN</translation>
    </message>
</context>
<context>
    <name>EditingBanner</name>
    <message>
        <source>Editing your message</source>
        <translation>正在编辑你的消息</translation>
    </message>
    <message>
        <source>Send asks it again as a new version; the earlier one stays.</source>
        <translation>发送后作为新版本重新提问，原来的版本仍保留。</translation>
    </message>
    <message>
        <source>Cancel editing (Esc)</source>
        <translation>取消编辑（Esc）</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>取消编辑</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>What can I help with?</source>
        <translation>有什么可以帮你？</translation>
    </message>
    <message>
        <source>This is the demo gateway: answers are scripted, and no key or network is used.</source>
        <translation>这是演示网关：回答是预设的，不使用密钥，也不联网。</translation>
    </message>
    <message>
        <source>Explain how HTTPS keeps a connection private</source>
        <translation>解释 HTTPS 如何保护连接的私密性</translation>
    </message>
    <message>
        <source>Write a Python function that removes duplicate lines</source>
        <translation>写一个删除重复行的 Python 函数</translation>
    </message>
    <message>
        <source>Summarise the pros and cons of remote work in a table</source>
        <translation>用表格总结远程办公的利与弊</translation>
    </message>
    <message>
        <source>Plan a three-day trip to Kyoto on a budget</source>
        <translation>规划一次经济实惠的京都三日游</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>JSON export (*.json)</source>
        <translation>JSON 导出文件 (*.json)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Export conversations</source>
        <translation>导出会话</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出会话</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>导入会话</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n conversation(s) to {0}.</source>
        <translation>
            <numerusform>已将 %n 个会话导出到 {0}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>{0} is too large to import: {1} MB, at most {2} MB.</source>
        <translation>{0} 太大，无法导入：{1} MB，最多 {2} MB。</translation>
    </message>
    <message>
        <source>Could not read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>Could not save the imported conversations: {0}</source>
        <translation>无法保存导入的会话：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s).</source>
        <translation>
            <numerusform>已导入 %n 个会话。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n already here.</source>
        <translation>
            <numerusform>已跳过 %n 个已存在的会话。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing new to import: %n conversation(s) already here.</source>
        <translation>
            <numerusform>没有可导入的新会话：%n 个会话已存在。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s) in this file are already in your history and were skipped.</source>
        <translation>
            <numerusform>此文件中有 %n 个会话已在你的历史记录中，已跳过。</numerusform>
        </translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>无标题</translation>
    </message>
    <message>
        <source>Import as Copies</source>
        <translation>作为副本导入</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in this conversation</source>
        <translation>在此会话中查找</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>第 {0} 个，共 {1} 个</translation>
    </message>
</context>
<context>
    <name>GeminiDesk</name>
    <message>
        <source>Gemini Desk is already running with this data folder, but it does not respond.</source>
        <translation>Gemini Desk 已在使用此数据文件夹运行，但没有响应。</translation>
    </message>
    <message>
        <source>Gemini Desk — demo gateway (scripted answers)</source>
        <translation>Gemini Desk — 演示网关（预设回答）</translation>
    </message>
    <message>
        <source>Demo gateway on {0}: answers are scripted.</source>
        <translation>演示网关运行于 {0}：回答均为预设内容。</translation>
    </message>
    <message>
        <source>Gemini Desk is already open with your own conversations: enter your gateway and key there.</source>
        <translation>Gemini Desk 已经以你自己的对话打开：请在那里输入你的网关和密钥。</translation>
    </message>
    <message>
        <source>The conversation database could not be read and was kept as {0}; a new, empty database was started.</source>
        <translation>无法读取会话数据库，原文件已保留为 {0}；已新建一个空数据库。</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>Writing</source>
        <translation>编写消息</translation>
    </message>
    <message>
        <source>Send with</source>
        <translation>发送方式</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter adds a line</source>
        <translation>Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Ctrl+Enter sends, Enter adds a line</source>
        <translation>Ctrl+Enter 发送，Enter 换行</translation>
    </message>
    <message>
        <source>Ctrl+Enter suits long messages written in several lines.</source>
        <translation>多行长消息更适合用 Ctrl+Enter 发送。</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Check for updates once a day</source>
        <translation>每天检查一次更新</translation>
    </message>
    <message>
        <source>Asks the release page for the newest version; sends nothing about you or this PC.</source>
        <translation>向发布页面查询最新版本，不发送任何关于你或这台电脑的信息。</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Save image</source>
        <translation>保存图片</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 图片 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>{0} ({1} × {2})</source>
        <translation>{0}（{1} × {2}）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
</context>
<context>
    <name>ImportSettingsReview</name>
    <message>
        <source>Google Search</source>
        <translation>Google 搜索</translation>
    </message>
    <message>
        <source>URL context</source>
        <translation>URL 上下文</translation>
    </message>
    <message>
        <source>Code execution</source>
        <translation>代码执行</translation>
    </message>
    <message>
        <source>Image output</source>
        <translation>图片输出</translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation>“{0}”</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>无标题</translation>
    </message>
    <message>
        <source>System instruction: {0}</source>
        <translation>系统指令：{0}</translation>
    </message>
    <message>
        <source>Tools: {0}</source>
        <translation>工具：{0}</translation>
    </message>
    <message>
        <source>Safety: {0} = {1}</source>
        <translation>安全设置：{0} = {1}</translation>
    </message>
    <message>
        <source>Keep the imported settings?</source>
        <translation>保留导入的设置吗？</translation>
    </message>
    <message>
        <source>The file sets a system instruction, tools or safety filters for these conversations. They change what is sent to the model and what it may do, and the transcript does not show them.</source>
        <translation>该文件为这些会话设置了系统指令、工具或安全过滤。它们会改变发送给模型的内容以及模型可以做的事，而对话记录中不会显示它们。</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认</translation>
    </message>
</context>
<context>
    <name>KeyController</name>
    <message>
        <source>The API key is empty.</source>
        <translation>API 密钥为空。</translation>
    </message>
</context>
<context>
    <name>KeyField</name>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Paste your API key (sk-…)</source>
        <translation>粘贴你的 API 密钥（sk-…）</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Hide the API key</source>
        <translation>隐藏 API 密钥</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>显示 API 密钥</translation>
    </message>
</context>
<context>
    <name>KeyPrompts</name>
    <message>
        <source>The new API key could not be stored in the system keyring.</source>
        <translation>无法将新的 API 密钥保存到系统密钥环。</translation>
    </message>
    <message>
        <source>Key not saved</source>
        <translation>密钥未保存</translation>
    </message>
    <message>
        <source>Use this key for this session only</source>
        <translation>仅在本次运行中使用此密钥</translation>
    </message>
    <message>
        <source>Keep the previous key</source>
        <translation>继续使用原来的密钥</translation>
    </message>
    <message>
        <source>Do not use it</source>
        <translation>不使用此密钥</translation>
    </message>
    <message>
        <source>Key not removed</source>
        <translation>密钥未移除</translation>
    </message>
    <message>
        <source>The API key could not be removed from the system keyring; it may still be stored there.</source>
        <translation>无法从系统密钥环中移除 API 密钥，它可能仍保存在其中。</translation>
    </message>
</context>
<context>
    <name>KeyQuota</name>
    <message>
        <source>never</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>⚠ Key expired</source>
        <translation>⚠ 密钥已过期</translation>
    </message>
    <message>
        <source>Quota: unlimited</source>
        <translation>额度：无限</translation>
    </message>
    <message>
        <source>⚠ Quota low: %1 left</source>
        <translation>⚠ 额度不足：剩余 %1</translation>
    </message>
    <message>
        <source>Quota: %1 left</source>
        <translation>额度：剩余 %1</translation>
    </message>
    <message>
        <source>new-api quota points (the gateway&apos;s console shows them as money, by default 500,000 points per dollar)</source>
        <translation>new-api 额度点数（网关控制台将其显示为金额，默认每 1 美元 500,000 点）</translation>
    </message>
    <message>
        <source>the gateway&apos;s display unit (usually US dollars)</source>
        <translation>网关的显示单位（通常为美元）</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>密钥名称</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>无限</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>Total granted</source>
        <translation>总额度</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>%1 (expired)</source>
        <translation>%1（已过期）</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>this key</source>
        <translation>此密钥</translation>
    </message>
    <message>
        <source>unlimited quota</source>
        <translation>额度无限</translation>
    </message>
    <message>
        <source>quota unknown</source>
        <translation>额度未知</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>%1 left of %2</source>
        <translation>剩余 %1 / 共 %2</translation>
    </message>
    <message>
        <source>Key %1: %2, expires %3</source>
        <translation>密钥 %1：%2，过期时间 %3</translation>
    </message>
</context>
<context>
    <name>LinkOpener</name>
    <message>
        <source>The link&apos;s text shows “{0}”, but it goes somewhere else.</source>
        <translation>链接文字显示的是“{0}”，但它实际指向别处。</translation>
    </message>
    <message>
        <source>It points to this computer or your local network, where devices and services may trust it.</source>
        <translation>它指向本机或你的局域网，那里的设备和服务可能会信任它。</translation>
    </message>
    <message>
        <source>Its address is written in letters of another alphabet, which can look like familiar ones; above it reads as the network reads it.</source>
        <translation>它的地址用另一种字母写成，可能看起来像熟悉的地址；上面显示的是网络实际读取的地址。</translation>
    </message>
    <message>
        <source>Open this link?</source>
        <translation>打开此链接？</translation>
    </message>
    <message>
        <source>The link goes to:
{0}</source>
        <translation>此链接指向：
{0}</translation>
    </message>
    <message>
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Gemini Desk</source>
        <extracomment>Delete the conversations selected in the list (the open one when none is selected). The UI language changed (the window&apos;s own texts are already new): redraw what others put on screen. -1 or +1: show the previous or next version of the last message with versions on the shown path. The transcript&apos;s text size in points after a zoom shortcut (0: back to the default size). Filled by the controller when it opens: the models one question can go to at once. Where the app keeps its data, shown in Help → About (set by the composition root).</extracomment>
        <translation>Gemini Desk</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>会话设置</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Tools in this conversation</source>
        <translation>此会话中的工具</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Text size: {0} pt</source>
        <translation>文字大小：{0} 磅</translation>
    </message>
    <message>
        <source>Type to filter the conversations by their text</source>
        <translation>输入文字以按内容筛选会话</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索会话</translation>
    </message>
    <message>
        <source>Start an empty conversation</source>
        <translation>开始一个空白会话</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>Select a conversation to open it; F2 renames it, the context menu has more</source>
        <translation>选择会话即可打开；按 F2 重命名，右键菜单中有更多操作</translation>
    </message>
    <message>
        <source>The model that answers in this conversation</source>
        <translation>在此会话中回答的模型</translation>
    </message>
    <message>
        <source>Gateway, key, proxy, theme and language</source>
        <translation>网关、密钥、代理、主题和语言</translation>
    </message>
    <message>
        <source>Temperature, thinking and system instruction for this conversation</source>
        <translation>此会话的温度、思考和系统指令</translation>
    </message>
    <message>
        <source>The messages of the open conversation</source>
        <translation>当前打开的会话中的消息</translation>
    </message>
    <message>
        <source>Send the message to the model</source>
        <translation>将消息发送给模型</translation>
    </message>
    <message>
        <source>Stop the answer being written</source>
        <translation>停止正在生成的回答</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>Attach images, PDF, text or code files, or audio</source>
        <translation>添加图片、PDF、文本或代码文件，或音频</translation>
    </message>
</context>
<context>
    <name>MessageActionBar</name>
    <message>
        <source>Actions for {0}</source>
        <translation>操作：{0}</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit this message and send it again</source>
        <translation>编辑这条消息并重新发送</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Ask for this answer again</source>
        <translation>重新请求这条回答</translation>
    </message>
    <message>
        <source>Hide thinking</source>
        <translation>收起思考</translation>
    </message>
    <message>
        <source>Hide the model&apos;s thinking</source>
        <translation>收起模型的思考过程</translation>
    </message>
    <message>
        <source>Show thinking</source>
        <translation>展开思考</translation>
    </message>
    <message>
        <source>Show the model&apos;s thinking</source>
        <translation>展开模型的思考过程</translation>
    </message>
    <message>
        <source>Hide tool results</source>
        <translation>隐藏工具结果</translation>
    </message>
    <message>
        <source>Fold the tool results to one line per call</source>
        <translation>将工具结果折叠为每次调用一行</translation>
    </message>
    <message>
        <source>Show tool results</source>
        <translation>显示工具结果</translation>
    </message>
    <message>
        <source>Show what each tool returned</source>
        <translation>显示每个工具返回的内容</translation>
    </message>
    <message>
        <source>Delete version</source>
        <translation>删除此版本</translation>
    </message>
    <message>
        <source>Delete this version and what follows it</source>
        <translation>删除此版本及其后的所有消息</translation>
    </message>
</context>
<context>
    <name>MessageFocus</name>
    <message>
        <source>message {0} of {1}, {2}</source>
        <translation>第 {0} 条消息，共 {1} 条，{2}</translation>
    </message>
    <message>
        <source>you</source>
        <translation>你</translation>
    </message>
    <message>
        <source>tool results</source>
        <translation>工具结果</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>Version {0} of {1}.</source>
        <translation>第 {0} 个版本，共 {1} 个。</translation>
    </message>
    <message>
        <source>Copy code block {0} of {1}</source>
        <translation>复制第 {0} 个代码块，共 {1} 个</translation>
    </message>
    <message>
        <source>Retry: ask for this answer again</source>
        <translation>重试：重新请求这个回答</translation>
    </message>
    <message>
        <source>Link: {0}</source>
        <translation>链接：{0}</translation>
    </message>
    <message>
        <source>Open image {0}</source>
        <translation>打开第 {0} 张图片</translation>
    </message>
    <message>
        <source>Copy image {0}</source>
        <translation>复制第 {0} 张图片</translation>
    </message>
    <message>
        <source>Save image {0}…</source>
        <translation>保存第 {0} 张图片…</translation>
    </message>
    <message>
        <source>Show earlier messages ({0} more)</source>
        <translation>显示更早的消息（还有 {0} 条）</translation>
    </message>
</context>
<context>
    <name>MessageTime</name>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
</context>
<context>
    <name>ModelChecklist</name>
    <message>
        <source>Find a model</source>
        <translation>搜索模型</translation>
    </message>
    <message>
        <source>Models to ask</source>
        <translation>要提问的模型</translation>
    </message>
    <message numerus="yes">
        <source>%n more: type to narrow the list</source>
        <translation>
            <numerusform>还有 %n 个：输入文字缩小范围</numerusform>
        </translation>
    </message>
    <message>
        <source>No model matches</source>
        <translation>没有匹配的模型</translation>
    </message>
</context>
<context>
    <name>ModelChip</name>
    <message numerus="yes">
        <source>%n models</source>
        <translation>
            <numerusform>%n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <source>Each question goes to: {0}</source>
        <translation>每个问题都会发给：{0}</translation>
    </message>
    <message>
        <source>Models: {0}</source>
        <translation>模型：{0}</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>Model: {0}. Click to choose another.</source>
        <translation>模型：{0}。点击可换用其他模型。</translation>
    </message>
    <message>
        <source>Choose the model that answers</source>
        <translation>选择回答的模型</translation>
    </message>
    <message>
        <source>Model: {0}</source>
        <translation>模型：{0}</translation>
    </message>
    <message>
        <source>Opens the model picker</source>
        <translation>打开模型选择器</translation>
    </message>
</context>
<context>
    <name>ModelMatches</name>
    <message numerus="yes">
        <source>%n more: type to narrow the list</source>
        <translation>
            <numerusform>还有 %n 个：输入文字缩小范围</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>Refresh the model list</source>
        <translation>刷新模型列表</translation>
    </message>
    <message>
        <source>Loading the model list…</source>
        <translation>正在加载模型列表…</translation>
    </message>
    <message>
        <source>Choose a model or type its name</source>
        <translation>选择模型或输入模型名称</translation>
    </message>
    <message>
        <source>%1 (not in the gateway&apos;s list)</source>
        <translation>%1（不在网关的模型列表中）</translation>
    </message>
    <message>
        <source>Hide models that cannot answer here</source>
        <translation>隐藏无法在此回答的模型</translation>
    </message>
    <message>
        <source>Show all models (%1 more)</source>
        <translation>显示全部模型（另有 %1 个）</translation>
    </message>
    <message>
        <source>Models the gateway lists that cannot answer on its Gemini endpoint, each with the reason</source>
        <translation>网关列出但无法通过其 Gemini 接口回答的模型，并附原因</translation>
    </message>
    <message>
        <source>{0} in · {1} out</source>
        <translation>输入 {0} · 输出 {1}</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Vision</source>
        <translation>识图</translation>
    </message>
    <message>
        <source>Image output</source>
        <translation>生成图片</translation>
    </message>
</context>
<context>
    <name>ModelPopup</name>
    <message>
        <source>Search models or type a model name</source>
        <translation>搜索模型或输入模型名称</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>ModelReach</name>
    <message>
        <source>Answers through the gateway&apos;s conversion to another vendor&apos;s API: Google Search, code execution and URL context are not available.</source>
        <translation>通过网关转换为其他厂商的接口来回答：Google 搜索、代码执行和 URL 上下文不可用。</translation>
    </message>
    <message>
        <source>A Claude-type channel serves it: the gateway cannot convert Gemini requests for it.</source>
        <translation>该模型由 Claude 类渠道提供：网关无法为它转换 Gemini 请求。</translation>
    </message>
    <message>
        <source>An image generator, not a chat model.</source>
        <translation>图像生成模型，不是对话模型。</translation>
    </message>
    <message>
        <source>Not a Gemini model, and the gateway does not say whether its Gemini endpoint serves it.</source>
        <translation>不是 Gemini 模型，且网关未说明其 Gemini 接口是否支持它。</translation>
    </message>
    <message>
        <source>Not a chat model (embeddings, video, speech or live audio).</source>
        <translation>不是对话模型（向量嵌入、视频、语音或实时音频）。</translation>
    </message>
    <message>
        <source>Through conversion (no Google Search, code execution or URL context)</source>
        <translation>经转换回答（无 Google 搜索、代码执行和 URL 上下文）</translation>
    </message>
    <message>
        <source>Cannot answer on this gateway&apos;s Gemini endpoint</source>
        <translation>无法通过此网关的 Gemini 接口回答</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <source>New conversations</source>
        <translation>新会话</translation>
    </message>
    <message>
        <source>Each conversation keeps its own model: choose it with the model button in the message box.</source>
        <translation>每个会话记住自己的模型：用输入框里的模型按钮选择。</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Use the system proxy settings</source>
        <translation>使用系统代理设置</translation>
    </message>
    <message>
        <source>No proxy (direct connection)</source>
        <translation>不使用代理（直接连接）</translation>
    </message>
    <message>
        <source>Custom proxy (HTTP or SOCKS)</source>
        <translation>自定义代理（HTTP 或 SOCKS）</translation>
    </message>
    <message>
        <source>Proxy URL</source>
        <translation>代理 URL</translation>
    </message>
    <message>
        <source>How requests reach the gateway. A custom proxy is an http://, https:// or socks5:// address.</source>
        <translation>请求如何到达网关。自定义代理填写 http://、https:// 或 socks5:// 地址。</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>Kept in the system keyring like the API key, never in the settings file. The user name goes in the URL: http://user@proxy:3128.</source>
        <translation>与 API 密钥一样保存在系统密钥环中，绝不写入设置文件。用户名写在 URL 中：http://user@proxy:3128。</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <source>How long to wait for the gateway to accept the connection.</source>
        <translation>等待网关接受连接的时长。</translation>
    </message>
    <message>
        <source>Thinking models can stay silent for minutes before the first word; the gateway itself usually gives up after 300 s.</source>
        <translation>思考型模型在输出第一个字之前可能沉默数分钟；网关本身通常在 300 秒后放弃。</translation>
    </message>
</context>
<context>
    <name>PairsEditor</name>
    <message>
        <source>Add variable</source>
        <translation>添加变量</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>添加请求头</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Stored in the keyring (type to replace)</source>
        <translation>已保存在密钥环中（输入新值即可替换）</translation>
    </message>
    <message>
        <source>Secret value</source>
        <translation>机密值</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>机密</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ParallelFlow</name>
    <message>
        <source>One model (the conversation&apos;s)</source>
        <translation>一个模型（对话所用的模型）</translation>
    </message>
    <message>
        <source>Ask {0} models</source>
        <translation>询问 {0} 个模型</translation>
    </message>
    <message>
        <source>Several models</source>
        <translation>多个模型</translation>
    </message>
    <message>
        <source>Ask several models: {0}</source>
        <translation>同时询问多个模型：{0}</translation>
    </message>
    <message>
        <source>Ask several models</source>
        <translation>同时询问多个模型</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Stopped. The answer so far is kept.</source>
        <translation>已停止。已保留目前的回答。</translation>
    </message>
    <message>
        <source>The reply failed</source>
        <translation>回复失败</translation>
    </message>
    <message>
        <source>Ended.</source>
        <translation>已结束。</translation>
    </message>
</context>
<context>
    <name>ParallelReplies</name>
    <message>
        <source>Answers of several models</source>
        <translation>多个模型的回答</translation>
    </message>
</context>
<context>
    <name>PlainHttpGuard</name>
    <message>
        <source>Unencrypted connection</source>
        <translation>未加密的连接</translation>
    </message>
    <message>
        <source>The gateway address {0} uses plain http://. Your API key and your conversations would cross the network unencrypted, readable by anyone on the way.</source>
        <translation>网关地址 {0} 使用的是未加密的 http://。你的 API 密钥和会话内容将以明文在网络上传输，途经的任何人都能读取。</translation>
    </message>
    <message>
        <source>The gateway address {0} uses plain http:// and your requests go through a proxy. Your API key and your conversations would reach the proxy unencrypted, readable by it and anyone on the way.</source>
        <translation>网关地址 {0} 使用的是未加密的 http://，而且请求会经过代理。你的 API 密钥和会话内容将以明文到达代理，代理以及途经的任何人都能读取。</translation>
    </message>
    <message>
        <source>Use https:// if the gateway supports it. Nothing has been sent yet.</source>
        <translation>如果网关支持，请改用 https://。目前尚未发送任何内容。</translation>
    </message>
    <message>
        <source>Send unencrypted</source>
        <translation>仍以未加密方式发送</translation>
    </message>
    <message>
        <source>Not connected: the API key was not sent to {0} over plain http://.</source>
        <translation>未连接：API 密钥没有通过未加密的 http:// 发送到 {0}。</translation>
    </message>
</context>
<context>
    <name>ProxyPasswordController</name>
    <message>
        <source>The proxy password stays in the settings file for now: the keyring could not take it. %1 It moves to the keyring at a later start, once the keyring works.</source>
        <translation>代理密码暂时仍保存在设置文件中：密钥环无法接收它。%1 等密钥环可用后，下次启动时会移入密钥环。</translation>
    </message>
    <message>
        <source>The proxy password could not be read from the keyring, so the proxy may refuse requests. %1 You can enter it again in Settings.</source>
        <translation>无法从密钥环读取代理密码，代理可能会拒绝请求。%1 你可以在“设置”中重新输入。</translation>
    </message>
    <message>
        <source>The proxy password could not be stored in the keyring; it is used for this session only. %1</source>
        <translation>无法将代理密码保存到密钥环，它只在本次运行中使用。%1</translation>
    </message>
</context>
<context>
    <name>ProxyPasswordField</name>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>Only if the proxy asks for one</source>
        <translation>仅在代理要求时填写</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Hide the proxy password</source>
        <translation>隐藏代理密码</translation>
    </message>
    <message>
        <source>Show the proxy password</source>
        <translation>显示代理密码</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReplyPresenter</name>
    <message>
        <source>The answer above is kept here and is saved with your next message, once there is room.</source>
        <translation>上面的回答会暂时保留在这里，待有空间后随你的下一条消息一起保存。</translation>
    </message>
    <message>
        <source>The answer could not be saved</source>
        <translation>无法保存回答</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Result of {0}</source>
        <translation>{0} 的结果</translation>
    </message>
    <message>
        <source>Error from {0}</source>
        <translation>{0} 返回错误</translation>
    </message>
    <message>
        <source>first {0} characters shown</source>
        <translation>仅显示前 {0} 个字符</translation>
    </message>
    <message>
        <source>images: {0}</source>
        <translation>图片：{0}</translation>
    </message>
    <message>
        <source>allowed once</source>
        <translation>已允许一次</translation>
    </message>
    <message>
        <source>allowed in this conversation</source>
        <translation>已在此会话中允许</translation>
    </message>
    <message>
        <source>always allowed</source>
        <translation>始终允许</translation>
    </message>
    <message>
        <source>allowed earlier</source>
        <translation>此前已允许</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>the tool reported an error</source>
        <translation>工具报告了错误</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>the server failed</source>
        <translation>服务器出错</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>unknown tool</source>
        <translation>未知工具</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Stopped before any answer arrived.</source>
        <translation>已停止，尚未收到任何回答。</translation>
    </message>
    <message>
        <source>Stopped. The answer so far is kept.</source>
        <translation>已停止，已保留目前的回答。</translation>
    </message>
    <message>
        <source>The gateway did not close the stream properly; the answer is complete.</source>
        <translation>网关没有正常结束数据流；回答是完整的。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Result ({0})</source>
        <translation>结果（{0}）</translation>
    </message>
    <message>
        <source>Function call: {0}</source>
        <translation>函数调用：{0}</translation>
    </message>
    <message>
        <source>image {0}</source>
        <translation>图片 {0}</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Search suggestions</source>
        <translation>搜索建议</translation>
    </message>
    <message>
        <source>prompt {0}</source>
        <translation>输入 {0}</translation>
    </message>
    <message>
        <source>answer {0}</source>
        <translation>输出 {0}</translation>
    </message>
    <message>
        <source>thoughts {0}</source>
        <translation>思考 {0}</translation>
    </message>
    <message>
        <source>cached {0}</source>
        <translation>缓存命中 {0}</translation>
    </message>
    <message>
        <source>first token {0:.2f} s</source>
        <translation>首字延迟 {0:.2f} 秒</translation>
    </message>
    <message>
        <source>{0:g} tok/s</source>
        <translation>{0:g} token/秒</translation>
    </message>
</context>
<context>
    <name>SafetyControls</name>
    <message>
        <source>Safety filters</source>
        <translation>安全过滤</translation>
    </message>
    <message>
        <source>How readily answers are blocked; Default leaves it to the model.</source>
        <translation>回答被拦截的严格程度；“默认”交由模型决定。</translation>
    </message>
    <message>
        <source>Harassment</source>
        <translation>骚扰</translation>
    </message>
    <message>
        <source>Hate speech</source>
        <translation>仇恨言论</translation>
    </message>
    <message>
        <source>Sexually explicit</source>
        <translation>色情内容</translation>
    </message>
    <message>
        <source>Dangerous content</source>
        <translation>危险内容</translation>
    </message>
    <message>
        <source>Block none</source>
        <translation>不拦截</translation>
    </message>
    <message>
        <source>Block only high</source>
        <translation>仅拦截高风险</translation>
    </message>
    <message>
        <source>Block medium and above</source>
        <translation>拦截中等及以上风险</translation>
    </message>
    <message>
        <source>Block low and above</source>
        <translation>拦截低风险及以上</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
</context>
<context>
    <name>SamplingControls</name>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>How varied the answers are. Empty fields use the model&apos;s own defaults.</source>
        <translation>回答的多样程度。留空的字段使用模型自身的默认值。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>0 to 2; empty for the model&apos;s default</source>
        <translation>0 到 2；留空则使用模型默认值</translation>
    </message>
    <message>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <source>0 to 1; empty for the model&apos;s default</source>
        <translation>0 到 1；留空则使用模型默认值</translation>
    </message>
    <message>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <source>1 or more; empty for the model&apos;s default</source>
        <translation>1 或更大；留空则使用模型默认值</translation>
    </message>
    <message>
        <source>Max output tokens</source>
        <translation>最大输出 Token 数</translation>
    </message>
    <message>
        <source>Thinking counts against this limit; empty for the model&apos;s maximum</source>
        <translation>思考内容也计入此上限；留空则使用模型的最大值</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>A whole number for repeatable answers; optional</source>
        <translation>一个整数，用于得到可复现的回答；可选</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
</context>
<context>
    <name>SendFlow</name>
    <message>
        <source>The message being edited no longer exists; this is sent as a new message.</source>
        <translation>正在编辑的消息已不存在，这条内容将作为新消息发送。</translation>
    </message>
    <message>
        <source>Editing a sent message: send to ask it as a new version, or press Esc to cancel.</source>
        <translation>正在编辑已发送的消息：发送后将作为新版本提问，按 Esc 取消。</translation>
    </message>
    <message>
        <source>Editing cancelled.</source>
        <translation>已取消编辑。</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Runs as</source>
        <translation>运行方式(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Command</source>
        <translation>命令(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Arguments</source>
        <translation>参数(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Working folder</source>
        <translation>工作文件夹(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Variables</source>
        <translation>变量(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation>环境变量(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation>网址(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Headers</source>
        <translation>请求头(&amp;H)</translation>
    </message>
    <message>
        <source>A program on this computer (stdio)</source>
        <translation>本机上的程序（stdio）</translation>
    </message>
    <message>
        <source>A streamable-HTTP URL</source>
        <translation>可流式 HTTP 网址</translation>
    </message>
    <message>
        <source>One argument per line</source>
        <translation>每行一个参数</translation>
    </message>
    <message>
        <source>The app&apos;s own (leave empty)</source>
        <translation>应用自己的（留空）</translation>
    </message>
    <message>
        <source>Ena&amp;bled</source>
        <translation>启用(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Move them to secret variables</source>
        <translation>移到机密变量中(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Save server</source>
        <translation>保存服务器(&amp;S)</translation>
    </message>
    <message>
        <source>Credentials are typed in the arguments or the URL ({0}): they would be saved in settings.json and in exports. Move them to secret variables, kept in the keyring.</source>
        <translation>参数或网址中直接写有凭据（{0}）：它们会被保存到 settings.json 和导出文件中。请把它们移到保存在密钥环中的机密变量里。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>设置分区</translation>
    </message>
    <message>
        <source>Gateway &amp; key</source>
        <translation>网关与密钥</translation>
    </message>
    <message>
        <source>Where requests go, and the key that pays for them.</source>
        <translation>请求发往哪里，以及为请求付费的密钥。</translation>
    </message>
    <message>
        <source>Usage &amp; quota</source>
        <translation>用量与额度</translation>
    </message>
    <message>
        <source>What the gateway says is left on the key, and until when.</source>
        <translation>网关报告的密钥剩余额度和有效期。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The model new conversations start with.</source>
        <translation>新会话默认使用的模型。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>How messages are sent, and keeping the app up to date.</source>
        <translation>消息的发送方式，以及应用的更新。</translation>
    </message>
    <message>
        <source>Theme, language and text size; they apply when you click OK.</source>
        <translation>主题、语言和字号；点击“确定”后生效。</translation>
    </message>
    <message>
        <source>The proxy between this computer and the gateway, and how long to wait.</source>
        <translation>本机与网关之间的代理，以及等待时长。</translation>
    </message>
    <message>
        <source>MCP servers whose tools the model may call, each call with your approval.</source>
        <translation>模型可以调用其工具的 MCP 服务器，每次调用都需你同意。</translation>
    </message>
    <message>
        <source>Put the proxy&apos;s user name in the URL (http://user@proxy:3128): the password is for it.</source>
        <translation>请在 URL 中写上代理的用户名（http://user@proxy:3128）：密码属于该用户。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Gateway URL</source>
        <translation>网关 URL</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Proxy URL</source>
        <translation>代理 URL</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <source>Send with</source>
        <translation>发送方式</translation>
    </message>
    <message>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Enter your API key.</source>
        <translation>请输入你的 API 密钥。</translation>
    </message>
    <message>
        <source>Default generation settings</source>
        <translation>新会话的默认生成设置</translation>
    </message>
    <message>
        <source>Check for updates once a day</source>
        <translation>每天检查一次更新</translation>
    </message>
    <message>
        <source>Update feed</source>
        <translation>更新源</translation>
    </message>
    <message>
        <source>Last update check</source>
        <translation>上次检查更新</translation>
    </message>
    <message>
        <source>Tools (MCP servers)</source>
        <translation>工具（MCP 服务器）</translation>
    </message>
</context>
<context>
    <name>SettingsNotice</name>
    <message>
        <source>The settings file could not be used and was kept as {0}; the default settings are in use.</source>
        <translation>设置文件无法使用，已保留为 {0}；现在使用默认设置。</translation>
    </message>
    <message>
        <source>The settings file could not be read ({0}); the default settings are in use.</source>
        <translation>无法读取设置文件（{0}）；现在使用默认设置。</translation>
    </message>
    <message>
        <source>Some settings could not be used and were reset to their defaults: {0}.</source>
        <translation>以下设置无法使用，已恢复为默认值：{0}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>The file as it was is kept as {0}.</source>
        <translation>原文件已保留为 {0}。</translation>
    </message>
    <message>
        <source>Check them in Settings.</source>
        <translation>请在“设置”中检查。</translation>
    </message>
    <message>
        <source>Your key is not sent to any gateway until you confirm one, on the setup page or in Settings.</source>
        <translation>在您于欢迎页或“设置”中确认网关之前，您的密钥不会发送给任何网关。</translation>
    </message>
</context>
<context>
    <name>SettingsSaveReport</name>
    <message>
        <source>Could not save the settings file: %1</source>
        <translation>无法保存设置文件：%1</translation>
    </message>
    <message>
        <source>The new settings apply until Gemini Desk closes. %1</source>
        <translation>新设置在 Gemini Desk 关闭前有效。%1</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
</context>
<context>
    <name>SetupController</name>
    <message>
        <source>Waiting for the system keyring… An unlock prompt may be open, perhaps behind another window. You can also enter a key for this session only.</source>
        <translation>正在等待系统密钥环… 可能已弹出解锁提示，也许被其他窗口挡住了。你也可以输入一个仅在本次运行中使用的密钥。</translation>
    </message>
    <message>
        <source>The demo has ended: requests now go to %1.</source>
        <translation>演示已结束：请求现在发送到 %1。</translation>
    </message>
</context>
<context>
    <name>SeveralReplies</name>
    <message>
        <source>{0} done</source>
        <translation>{0} 个已完成</translation>
    </message>
    <message>
        <source>1 at {0} tokens</source>
        <translation>1 个已输出 {0} 个 token</translation>
    </message>
    <message>
        <source>{0} at {1} tokens</source>
        <translation>{0} 个已分别输出 {1} 个 token</translation>
    </message>
    <message>
        <source>{0} answering</source>
        <translation>{0} 个正在回答</translation>
    </message>
    <message>
        <source>{0} waiting</source>
        <translation>{0} 个正在等待</translation>
    </message>
    <message>
        <source>{0} stopped</source>
        <translation>{0} 个已停止</translation>
    </message>
    <message>
        <source>{0} cut off</source>
        <translation>{0} 个被截断</translation>
    </message>
    <message>
        <source>{0} failed</source>
        <translation>{0} 个失败</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{0} models answered: {1}.</source>
        <translation>{0} 个模型已回答：{1}。</translation>
    </message>
    <message>
        <source>{0} models answering: {1}</source>
        <translation>{0} 个模型正在回答：{1}</translation>
    </message>
    <message>
        <source>{0}: {1} tokens so far</source>
        <translation>{0}：目前 {1} 个 token</translation>
    </message>
    <message>
        <source>{0}: answering</source>
        <translation>{0}：正在回答</translation>
    </message>
    <message>
        <source>{0}: waiting</source>
        <translation>{0}：正在等待</translation>
    </message>
    <message>
        <source>{0}: done, {1} tokens</source>
        <translation>{0}：已完成，{1} 个 token</translation>
    </message>
    <message>
        <source>{0}: stopped, {1} tokens kept</source>
        <translation>{0}：已停止，保留 {1} 个 token</translation>
    </message>
    <message>
        <source>{0}: cut off, {1} tokens kept</source>
        <translation>{0}：被截断，保留 {1} 个 token</translation>
    </message>
    <message>
        <source>{0}: failed</source>
        <translation>{0}：失败</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>New conversation</source>
        <extracomment>The translation context of every text in this table.</extracomment>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名会话</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>删除会话</translation>
    </message>
    <message>
        <source>Undo deleting a conversation</source>
        <translation>撤销删除会话</translation>
    </message>
    <message>
        <source>Next conversation</source>
        <translation>下一个会话</translation>
    </message>
    <message>
        <source>Previous conversation</source>
        <translation>上一个会话</translation>
    </message>
    <message>
        <source>Attach files…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Regenerate the last answer</source>
        <translation>重新生成最后一条回答</translation>
    </message>
    <message>
        <source>Copy the last answer</source>
        <translation>复制最后一条回答</translation>
    </message>
    <message>
        <source>Show the previous version of the last answer</source>
        <translation>显示最后一个回答的上一个版本</translation>
    </message>
    <message>
        <source>Show the next version of the last answer</source>
        <translation>显示最后一个回答的下一个版本</translation>
    </message>
    <message>
        <source>Stop the answer, or stop editing a sent message</source>
        <translation>停止回答，或退出对已发送消息的编辑</translation>
    </message>
    <message>
        <source>Conversation settings…</source>
        <translation>会话设置…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索会话</translation>
    </message>
    <message>
        <source>Find in this conversation</source>
        <translation>在此会话中查找</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Go to the message box</source>
        <translation>转到消息输入框</translation>
    </message>
    <message>
        <source>Show or hide the conversation list</source>
        <translation>显示或隐藏会话列表</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>放大文字</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>缩小文字</translation>
    </message>
    <message>
        <source>Default text size</source>
        <translation>默认文字大小</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About Gemini Desk</source>
        <translation>关于 Gemini Desk</translation>
    </message>
    <message>
        <source>In the conversation: previous or next message (above the first: earlier ones)</source>
        <extracomment>Actions that need the chat page (the window disables them while the first-run welcome page is shown). Menu entries that start a new group of their menu. Keys the message box gives up to the window (on Linux and macOS it binds Ctrl+K to &quot;delete to line end&quot;).</extracomment>
        <translation>在对话中：上一条或下一条消息（第一条之上：更早的消息）</translation>
    </message>
    <message>
        <source>In the conversation: copy the message, or the code block</source>
        <translation>在对话中：复制这条消息或这个代码块</translation>
    </message>
    <message>
        <source>In the conversation: the message&apos;s buttons, then its code blocks, images and Retry</source>
        <translation>在对话中：这条消息的操作按钮，然后是其中的代码块、图片和“重试”</translation>
    </message>
    <message>
        <source>In the conversation: press the button, code block or link the keyboard is on</source>
        <translation>在对话中：按下键盘所在的按钮、代码块或链接</translation>
    </message>
    <message>
        <source>In the conversation: the message&apos;s other versions</source>
        <translation>在对话中：这条消息的其他版本</translation>
    </message>
    <message>
        <source>In the conversation: back to the message box</source>
        <translation>在对话中：回到输入框</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>New line in the message</source>
        <translation>在消息中换行</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Conversations</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>In the message box</source>
        <translation>在消息框中</translation>
    </message>
    <message>
        <source>On a message of the conversation</source>
        <translation>在会话中的消息上</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys that work anywhere in the window, in the message box and on a message.</source>
        <translation>在窗口任何位置、消息框中和消息上可用的按键。</translation>
    </message>
    <message>
        <source>Search shortcuts</source>
        <translation>搜索快捷键</translation>
    </message>
    <message>
        <source>No shortcut matches “{0}”.</source>
        <translation>没有与“{0}”匹配的快捷键。</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Key in file</source>
        <translation>密钥保存在文件中</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Connection and reply status</source>
        <translation>连接和回复状态</translation>
    </message>
    <message>
        <source>Reply figures</source>
        <translation>回复统计</translation>
    </message>
    <message>
        <source>Key quota</source>
        <translation>密钥额度</translation>
    </message>
    <message>
        <source>Your API key is stored in {0}, readable only by your user account (less safe than a keyring).</source>
        <extracomment>The most of the line&apos;s width the reply figures take.</extracomment>
        <translation>你的 API 密钥保存在 {0} 中，只有你的用户帐户可以读取（不如密钥环安全）。</translation>
    </message>
</context>
<context>
    <name>StorageAlerts</name>
    <message>
        <source>Cannot save</source>
        <extracomment>The last problem (message, hint), for an answer that was not saved.</extracomment>
        <translation>无法保存</translation>
    </message>
</context>
<context>
    <name>StreamStatus</name>
    <message>
        <source>Retrying in {0:.0f} s (attempt {1}): {2}</source>
        <translation>{0:.0f} 秒后重试（第 {1} 次）：{2}</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>The answer was cut off.</source>
        <translation>回答被截断。</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>请求失败。</translation>
    </message>
    <message>
        <source>The answer could not be saved.</source>
        <translation>无法保存回答。</translation>
    </message>
    <message>
        <source>{0} is answering…</source>
        <translation>{0} 正在回答…</translation>
    </message>
    <message>
        <source>Waiting for {0}…</source>
        <translation>正在等待 {0}…</translation>
    </message>
</context>
<context>
    <name>ThinkingControls</name>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>How much the model thinks before it answers, and whether you see it.</source>
        <translation>模型在回答前思考多少，以及是否显示思考内容。</translation>
    </message>
    <message>
        <source>Thinking budget</source>
        <translation>思考预算</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>Dynamic</source>
        <translation>动态</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Fixed budget</source>
        <translation>固定预算</translation>
    </message>
    <message>
        <source>Thinking budget in tokens</source>
        <translation>思考预算（Token 数）</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source>Thinking level</source>
        <translation>思考等级</translation>
    </message>
    <message>
        <source>Minimal</source>
        <translation>最低</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>This model does not think.</source>
        <translation>此模型不支持思考。</translation>
    </message>
    <message>
        <source>Show thoughts</source>
        <translation>显示思考过程</translation>
    </message>
    <message>
        <source>Ask for a summary of the model&apos;s thinking</source>
        <translation>请求模型提供思考过程摘要</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Pro models always think</source>
        <translation>Pro 模型始终会思考</translation>
    </message>
</context>
<context>
    <name>ToolApprovalCard</name>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>&amp;Allow once</source>
        <translation>允许一次(&amp;A)</translation>
    </message>
    <message>
        <source>Allow in this &amp;conversation</source>
        <translation>在此会话中允许(&amp;C)</translation>
    </message>
    <message>
        <source>Al&amp;ways allow this tool</source>
        <translation>始终允许此工具(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>拒绝(&amp;D)</translation>
    </message>
    <message>
        <source>Allow this tool call?</source>
        <translation>允许此次工具调用吗？</translation>
    </message>
    <message>
        <source>The model wants to run {tool} from the server {server}.</source>
        <translation>模型想要运行服务器 {server} 上的 {tool}。</translation>
    </message>
    <message>
        <source>(call {0} of {1})</source>
        <translation>（第 {0} 个，共 {1} 个调用）</translation>
    </message>
</context>
<context>
    <name>ToolController</name>
    <message>
        <source>Waiting for your answer: allow or deny the tool call.</source>
        <extracomment>A server&apos;s state changed (name, ServerState); emitted on the GUI thread. A line for the status bar (a call running): its wording, a function giving it in the current language.</extracomment>
        <translation>等待你的回答：允许或拒绝此次工具调用。</translation>
    </message>
    <message>
        <source>Running {0} on {1}…</source>
        <translation>正在 {1} 上运行 {0}…</translation>
    </message>
    <message>
        <source>Added: {0}.</source>
        <translation>已添加：{0}。</translation>
    </message>
    <message>
        <source>Already here, unchanged (their secret values stay in the keyring): {0}.</source>
        <translation>已存在，未作更改（它们的机密值仍保存在密钥环中）：{0}。</translation>
    </message>
    <message>
        <source>A server of that name already runs something else, so the new one was renamed: {0}.</source>
        <translation>同名的服务器已指向别的程序或地址，新添加的已改名为：{0}。</translation>
    </message>
    <message>
        <source>Could not store in the keyring (enter them again later): {0}.</source>
        <translation>无法保存到密钥环（稍后请重新输入）：{0}。</translation>
    </message>
    <message>
        <source>Sent over plain http:// to another machine, their secrets can be read on the network: {0}.</source>
        <translation>以下服务器通过明文 http:// 连接到另一台机器，其机密可能在网络上被读取：{0}。</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <source>Removed {0}.</source>
        <translation>已移除 {0}。</translation>
    </message>
    <message>
        <source>Its secret values could not be deleted from the keyring (remove them there): {0}.</source>
        <translation>它的机密值未能从密钥环中删除（请在密钥环中手动删除）：{0}。</translation>
    </message>
    <message>
        <source>Tools: {0}</source>
        <translation>工具：{0}</translation>
    </message>
    <message>
        <source>Tools: off</source>
        <translation>工具：关</translation>
    </message>
    <message>
        <source>Tools on in this conversation: {0}</source>
        <translation>此会话启用的工具：{0}</translation>
    </message>
    <message>
        <source>No tools in this conversation</source>
        <translation>此会话未启用工具</translation>
    </message>
    <message>
        <source>Use these tools in new conversations</source>
        <translation>在新会话中使用这些工具</translation>
    </message>
    <message>
        <source>New conversations will use these tools.</source>
        <translation>新会话将使用这些工具。</translation>
    </message>
</context>
<context>
    <name>ToolExport</name>
    <message>
        <source>There are no servers to export yet.</source>
        <translation>还没有可导出的服务器。</translation>
    </message>
    <message>
        <source>Export MCP servers</source>
        <translation>导出 MCP 服务器</translation>
    </message>
    <message>
        <source>These servers use secret values kept in the keyring: {0}. Put the values in the file?</source>
        <translation>这些服务器使用了保存在密钥环中的机密值：{0}。要把这些值写入文件吗？</translation>
    </message>
    <message>
        <source>Included, the file holds your tokens and passwords in plain text: anyone who gets it can use them. It is written readable only by you; never share it. Left out, the file has empty values that you fill in where you import it.</source>
        <translation>如果包含，文件会以明文保存你的令牌和密码：拿到文件的任何人都能使用它们。文件只有你能读取；切勿分享。如果不包含，文件中这些值为空，请在导入的地方自行填写。</translation>
    </message>
    <message>
        <source>Include secret values</source>
        <translation>包含机密值</translation>
    </message>
    <message>
        <source>Leave them out</source>
        <translation>不包含</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>The file could not be written ({0}): {1}</source>
        <translation>无法写入文件（{0}）：{1}</translation>
    </message>
    <message>
        <source>Exported {0} server(s) to {1} with their secret values: the file holds them in plain text and only you can read it. Keep it private.</source>
        <translation>已将 {0} 个服务器连同机密值导出到 {1}：文件以明文保存这些值，只有你能读取。请妥善保管。</translation>
    </message>
    <message>
        <source>The keyring could not give these, left empty: {0}.</source>
        <translation>无法从密钥环读取以下各项，已留空：{0}。</translation>
    </message>
    <message>
        <source>Exported {0} server(s) to {1} without secret values. Fill these in where you import it: {2}.</source>
        <translation>已将 {0} 个服务器导出到 {1}，不含机密值。请在导入的地方填写：{2}。</translation>
    </message>
    <message>
        <source>Exported {0} server(s) to {1}.</source>
        <translation>已将 {0} 个服务器导出到 {1}。</translation>
    </message>
</context>
<context>
    <name>ToolProgressCard</name>
    <message>
        <source>Running {tool} on {server}</source>
        <translation>正在服务器 {server} 上运行 {tool}</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
</context>
<context>
    <name>ToolsPage</name>
    <message>
        <source>MCP servers</source>
        <translation>MCP 服务器</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Open log</source>
        <translation>打开日志</translation>
    </message>
    <message>
        <source>New server</source>
        <translation>新建服务器</translation>
    </message>
    <message>
        <source>The server&apos;s last output</source>
        <translation>服务器最后的输出</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Tick a server to offer its tools; Test starts it and lists what it offers.</source>
        <translation>勾选服务器即可提供它的工具；“测试”会启动它并列出它提供的工具。</translation>
    </message>
    <message>
        <source>Selected server</source>
        <translation>所选服务器</translation>
    </message>
    <message>
        <source>Secret values (tokens, keys, passwords) are kept in the keyring, never shown here.</source>
        <translation>机密值（令牌、密钥、密码）保存在密钥环中，不会在这里显示。</translation>
    </message>
    <message>
        <source>mcpServers JSON</source>
        <translation>mcpServers JSON</translation>
    </message>
    <message>
        <source>The format Claude Desktop, Cursor and Cherry Studio share: paste it to add servers.</source>
        <translation>Claude Desktop、Cursor 和 Cherry Studio 通用的格式：粘贴到这里即可添加服务器。</translation>
    </message>
    <message>
        <source>Always allowed</source>
        <translation>始终允许</translation>
    </message>
    <message>
        <source>These tools run without asking. Ask again puts the question back.</source>
        <translation>这些工具无需询问即可运行。“重新询问”会恢复询问。</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Tool steps the model may take for one question before it must answer.</source>
        <translation>针对一个问题，模型在必须作答之前最多可以调用工具的步数。</translation>
    </message>
    <message>
        <source>How long a call may run before it counts as failed.</source>
        <translation>一次调用最长可运行多久，超时即视为失败。</translation>
    </message>
    <message>
        <source>A longer result is cut, with a note, before it goes to the model.</source>
        <translation>更长的结果在发给模型前会被截断，并附上说明。</translation>
    </message>
    <message>
        <source>Paste the mcpServers JSON of Claude Desktop, Cursor or Cherry Studio: {&quot;mcpServers&quot;: {…}}</source>
        <translation>在此粘贴 Claude Desktop、Cursor 或 Cherry Studio 的 mcpServers JSON：{&quot;mcpServers&quot;: {…}}</translation>
    </message>
    <message>
        <source>Add servers</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>Move them into the keyring</source>
        <translation>移到密钥环中</translation>
    </message>
    <message>
        <source>Keep them as typed</source>
        <translation>保持原样</translation>
    </message>
    <message>
        <source>Tools always allowed</source>
        <translation>始终允许的工具</translation>
    </message>
    <message>
        <source>Export as mcpServers JSON…</source>
        <translation>导出为 mcpServers JSON…</translation>
    </message>
    <message>
        <source>Ask again</source>
        <translation>重新询问</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> 个字符</translation>
    </message>
    <message>
        <source>Credentials are typed in the arguments or URLs: {0}. There they would be saved in settings.json and in every export. Move them into the keyring? The server gets them as before.</source>
        <translation>参数或网址中直接写有凭据：{0}。留在那里，它们会被保存到 settings.json 和每一次导出中。要把它们移到密钥环中吗？服务器仍会照常收到它们。</translation>
    </message>
    <message>
        <source>Not offered to the model ({0}): {1}</source>
        <translation>未提供给模型（{0} 个）：{1}</translation>
    </message>
    <message>
        <source>In the error&apos;s own words: “{0}”</source>
        <translation>错误原文：“{0}”</translation>
    </message>
    <message>
        <source>⚠ This server is reached over plain http:// and is sent secrets (headers or a token in its URL): anyone on the network between can read them. Use https:// if the server offers it.</source>
        <translation>⚠ 此服务器通过明文 http:// 连接，并会收到机密（请求头或网址中的令牌）：途经网络上的任何人都能读取它们。如果服务器支持，请改用 https://。</translation>
    </message>
    <message>
        <source>Steps in a row</source>
        <translation>连续步数上限</translation>
    </message>
    <message>
        <source>Tool timeout</source>
        <translation>工具超时</translation>
    </message>
    <message>
        <source>Result sent at most</source>
        <translation>结果最多发送</translation>
    </message>
    <message>
        <source>its arguments&apos; schema is not a JSON object</source>
        <translation>参数结构不是 JSON 对象</translation>
    </message>
    <message>
        <source>declaration over {0} KB</source>
        <translation>声明超过 {0} KB</translation>
    </message>
    <message>
        <source>past the first {0} tools</source>
        <translation>超出前 {0} 个工具</translation>
    </message>
    <message>
        <source>past {0} KB of declarations</source>
        <translation>超出声明总量 {0} KB</translation>
    </message>
    <message>
        <source>Not running (it starts when a conversation uses it, or with Test).</source>
        <translation>未运行（会话使用它时或点击“测试”时启动）。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Ready: {0} tools: {1}</source>
        <translation>就绪：{0} 个工具：{1}</translation>
    </message>
    <message>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
</context>
<context>
    <name>TranscriptFormulas</name>
    <message>
        <source>Copy LaTeX</source>
        <translation>复制 LaTeX</translation>
    </message>
    <message>
        <source>Copy as image</source>
        <translation>复制为图片</translation>
    </message>
</context>
<context>
    <name>TranscriptHtml</name>
    <message>
        <source>… {0} more characters are not shown here. Copy the message to get all of it.</source>
        <extracomment>Messages whose rendered body shows formulas as source because their images were not ready.</extracomment>
        <translation>… 另有 {0} 个字符未在此显示。复制这条消息即可获得全部内容。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>[image: {alt}]</source>
        <translation>[图片：{alt}]</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Save image…</source>
        <translation>保存图片…</translation>
    </message>
    <message>
        <source>[image: {alt}] ({reason})</source>
        <translation>[图片：{alt}]（{reason}）</translation>
    </message>
    <message>
        <source>This formula could not be typeset; its source is shown</source>
        <translation>此公式无法排版，显示其源代码</translation>
    </message>
    <message>
        <source>A table of {rows} rows and {columns} columns, shown as text</source>
        <translation>一个 {rows} 行 {columns} 列的表格，以文本显示</translation>
    </message>
    <message>
        <source>This formula is too long or too large to typeset in reasonable time; its source is shown</source>
        <translation>此公式太长或太大，无法在合理时间内排版；显示其源码</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Show tool results</source>
        <translation>显示工具结果</translation>
    </message>
    <message>
        <source>Hide tool results</source>
        <translation>隐藏工具结果</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>正在思考…</translation>
    </message>
    <message>
        <source>Thinking… {0} s</source>
        <translation>正在思考… {0} 秒</translation>
    </message>
    <message>
        <source>Retrying ({0})… {1} s</source>
        <translation>正在重试（第 {0} 次）… {1} 秒</translation>
    </message>
    <message>
        <source>The reply failed</source>
        <translation>回复失败</translation>
    </message>
    <message>
        <source>Show earlier messages</source>
        <translation>显示更早的消息</translation>
    </message>
    <message>
        <source>{0} more</source>
        <translation>还有 {0} 条</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>Version {0} of {1}</source>
        <translation>第 {0} 个版本，共 {1} 个</translation>
    </message>
    <message>
        <source>Another version is still answering</source>
        <translation>另一个版本仍在回答</translation>
    </message>
</context>
<context>
    <name>TranscriptImages</name>
    <message>
        <source>image too large: {0}×{1}</source>
        <extracomment>Image key -&gt; the image&apos;s encoded bytes (to be decoded), or ``None``; asked when a rendered row shows it. Why an image is not shown: its size when it is too large to decode, else ``None`` (unreadable or missing). A decoding&apos;s result: the image (``None`` if refused) and why it was refused. Image key -&gt; what the user knows the image as (&quot;Image 1 of the answer&quot;, &quot;cat.png&quot;), or ``None``. The ``gd-action:`` actions whose argument is an image key: open in the viewer, copy, save. Images decoded by the provider that are kept (the registered ones are kept until replaced). Images that cannot be shown, and why (``refusal``).</extracomment>
        <translation>图片过大：{0}×{1}</translation>
    </message>
    <message>
        <source>not an image that can be shown</source>
        <translation>不是可显示的图片</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Save image…</source>
        <translation>保存图片…</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Transcript</source>
        <extracomment>Its images: registering, decoding on demand, opening, copying and saving them. Its formulas: typesetting in a process of their own, the images, &quot;Copy LaTeX&quot; and &quot;Copy as image&quot;. Opens reply links, asking first about those that could mislead (app.core.link_safety). The matches of &quot;Find in this conversation&quot;, highlighted (every message rendered to find them all). The welcome over an empty conversation (example prompts, shortcuts). The pointer&apos;s and the keyboard&apos;s message, and the action bar over it (keys are explained there).</extracomment>
        <translation>对话记录</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss (the deletion stays)</source>
        <translation>关闭（删除将保留）</translation>
    </message>
    <message>
        <source>Undo ({0})</source>
        <translation>撤销（{0}）</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UpdateBar</name>
    <message>
        <source>Release notes</source>
        <translation>发行说明</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Open the release page</source>
        <translation>打开发布页面</translation>
    </message>
    <message>
        <source>Restart to update</source>
        <translation>重启以更新</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>UpdateController</name>
    <message>
        <source>Gemini Desk {0} is available (you have {1}).</source>
        <translation>Gemini Desk {0} 已发布（当前版本 {1}）。</translation>
    </message>
    <message>
        <source>Your package manager installs it.</source>
        <translation>请通过软件包管理器安装。</translation>
    </message>
    <message>
        <source>Downloading Gemini Desk {0}…</source>
        <translation>正在下载 Gemini Desk {0}…</translation>
    </message>
    <message>
        <source>Gemini Desk {0} is downloaded and verified.</source>
        <translation>Gemini Desk {0} 已下载并通过验证。</translation>
    </message>
    <message>
        <source>Nothing was installed.</source>
        <translation>没有安装任何内容。</translation>
    </message>
    <message>
        <source>The update could not be downloaded.</source>
        <translation>无法下载更新。</translation>
    </message>
    <message>
        <source>The downloaded file is not the one that was published.</source>
        <translation>下载的文件与发布的文件不一致。</translation>
    </message>
    <message>
        <source>The update is not signed by the Gemini Desk developers.</source>
        <translation>该更新没有 Gemini Desk 开发者的签名。</translation>
    </message>
    <message>
        <source>The update information is out of date.</source>
        <translation>更新信息已过期。</translation>
    </message>
    <message>
        <source>The update information is older than what this app has seen.</source>
        <translation>更新信息比本应用已见过的还旧。</translation>
    </message>
    <message>
        <source>The update is larger than any release can be.</source>
        <translation>更新文件大得不合常理。</translation>
    </message>
    <message>
        <source>The update could not be verified.</source>
        <translation>无法验证更新。</translation>
    </message>
    <message>
        <source>This release has no notes.</source>
        <translation>此版本没有发行说明。</translation>
    </message>
    <message>
        <source>The update could not be installed: {0}</source>
        <translation>无法安装更新：{0}</translation>
    </message>
</context>
<context>
    <name>VersionSwitcher</name>
    <message>
        <source>Stop the answer before deleting a version.</source>
        <translation>请先停止回答，再删除版本。</translation>
    </message>
    <message>
        <source>Version deleted.</source>
        <translation>已删除版本。</translation>
    </message>
    <message>
        <source>Version restored.</source>
        <translation>已恢复版本。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Gemini Desk</source>
        <translation>欢迎使用 Gemini Desk</translation>
    </message>
    <message>
        <source>Chat with Google Gemini models through your API gateway. Enter the gateway address and your API key to get started.</source>
        <translation>通过你的 API 网关与 Google Gemini 模型对话。输入网关地址和 API 密钥即可开始。</translation>
    </message>
    <message>
        <source>Gateway base URL</source>
        <translation>网关基础 URL</translation>
    </message>
    <message>
        <source>Your key is stored in your system&apos;s keyring (Keychain, Credential Manager or Secret Service), never in a file, and it is only sent to this gateway.</source>
        <translation>你的密钥保存在系统密钥环中（macOS 钥匙串、Windows 凭据管理器或 Secret Service），绝不会写入文件，并且只会发送给此网关。</translation>
    </message>
    <message>
        <source>Gateway URL</source>
        <translation>网关 URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Save and start</source>
        <translation>保存并开始</translation>
    </message>
    <message>
        <source>Use this key for this session only</source>
        <translation>仅在本次运行中使用此密钥</translation>
    </message>
    <message>
        <source>Store the key in a file that only you can read (less safe than a keyring)</source>
        <translation>将密钥保存在只有你能读取的文件中（不如密钥环安全）</translation>
    </message>
    <message>
        <source>Other user accounts on this computer cannot read the file. Programs running as you, administrators and anyone with your disk can.</source>
        <translation>此电脑上的其他用户帐户无法读取该文件。但以你的身份运行的程序、管理员以及能接触到你磁盘的人可以读取。</translation>
    </message>
    <message>
        <source>No key yet? Try the demo</source>
        <translation>还没有密钥？试用演示模式</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>Explore the app with a built-in pretend gateway; nothing is sent</source>
        <translation>使用内置的模拟网关体验本应用；不会发送任何数据</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The key was not saved. Use it for this session only, or store it in a file.</source>
        <translation>密钥未保存。可以仅在本次会话中使用它，或将它存入文件。</translation>
    </message>
    <message>
        <source>Enter your API key.</source>
        <translation>请输入你的 API 密钥。</translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message>
        <source>A tool call is waiting for your answer above the message box: Alt+A allows it once, Alt+D denies it.</source>
        <extracomment>What new conversations start with; the settings and the model picker change it. Drafts, unsent attachments and the sent message being edited. New, delete and undo, pin, search, copy the last answer. Send, edit, regenerate and stop. Which version of a message is shown. Asking several models at once, their answers side by side.</extracomment>
        <translation>输入框上方有一个工具调用在等待你的答复：Alt+A 允许一次，Alt+D 拒绝。</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;Conversation</source>
        <translation>会话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>_Column</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the answer of {0}</source>
        <translation>停止 {0} 的回答</translation>
    </message>
    <message>
        <source>Continue from this answer</source>
        <translation>从这个回答继续</translation>
    </message>
    <message>
        <source>Continue from the answer of {0}</source>
        <translation>从 {0} 的回答继续</translation>
    </message>
    <message>
        <source>Answer of {0}</source>
        <translation>{0} 的回答</translation>
    </message>
    <message>
        <source>Answering…</source>
        <translation>正在回答…</translation>
    </message>
</context>
</TS>
