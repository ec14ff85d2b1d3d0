"""Export conversations as Markdown, for reading (the lossless JSON document is :mod:`export_json`).

The Markdown is for people: headings per message, thoughts as a quote, Google Search citations as footnotes,
code, function calls and images as readable blocks (images are written as files in a folder next to the
``.md`` file).

Nothing here knows the API key: the store never holds it, so no export can contain it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from app.core.chat.attachments import inert_extension
from app.core.chat.export_json import ConversationExport
from app.core.chat.generation import GenerationSettings, request_fields
from app.core.chat.markdown_syntax import code_span, demote_headings, escape, fence
from app.core.chat.replay import snapshot_of
from app.core.gemini.events import GroundingInfo, Usage, join_paragraphs
from app.core.gemini.finish import describe_finish
from app.core.gemini.grounding import citation_positions
from app.core.json_depth import shown_json
from app.core.private_files import write_atomically
from app.core.store.error_records import shown_texts
from app.core.store.records import Conversation, Message
from app.core.texts import Text, render
from app.core.visible_text import safe_file_name

_EXTENSIONS: Final = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/heic": "heic",
    "audio/wav": "wav",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "application/pdf": "pdf",
}

# The labels of the Markdown document; their texts are `export.<name>` in each catalogue of app/core/texts.
_LABEL_NAMES: Final = (
    "user",
    "model",
    "thoughts",
    "created",
    "model_line",
    "exported",
    "code",
    "result",
    "call",
    "response",
    "image",
    "file",
    "unreadable",
    "usage",
    "stopped",
    "interrupted",
    "streaming",
    "error",
    "sources",
    "searches",
    "system_instruction",
    "parameters",
    "version",
)
# A message's own headings sit under the document's: "#" is a conversation, "##" a message.
_HEADING_DEMOTION: Final = 2


def _labels(language: str) -> dict[str, str]:
    """The Markdown labels in ``language`` (a locale name, see `app.core.texts.render`)."""
    return {name: render(Text(f"export.{name}"), language) for name in _LABEL_NAMES}


# --- Markdown ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class MarkdownExport:
    """A Markdown document and the files it links to.

    Attributes:
        text: The Markdown.
        files: Relative path (as linked from the text) -> content, for images and other inline media.
    """

    text: str
    files: dict[str, bytes] = field(default_factory=dict)


def _well_formed(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, so that it can be written as UTF-8.

    Text decoded from the network can hold half an emoji; a pair of surrogates becomes its character.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _when(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip("\n").splitlines())


def _link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _heading_text(text: str) -> str:
    return " ".join(text.split()) or "—"


class _MarkdownWriter:
    """Builds one Markdown document; footnote numbers run through the whole document."""

    def __init__(self, media_folder: str, language: str) -> None:
        self._media_folder = media_folder
        self._language = language
        self._labels = _labels(language)
        self._footnotes: list[str] = []
        self.files: dict[str, bytes] = {}

    def conversation(self, conversation: Conversation, messages: Sequence[Message]) -> str:
        label = self._labels
        lines = [f"# {_heading_text(conversation.title)}", ""]
        if conversation.model:
            lines.append(f"- {label['model_line']}: `{conversation.model}`")
        lines.append(f"- {label['created']}: {_when(conversation.created_at)}")
        settings = GenerationSettings.from_dict(conversation.settings)
        parameters = _parameters(request_fields(settings, conversation.model))
        if parameters:
            lines.append(f"- {label['parameters']}: {parameters}")
        blocks = ["\n".join(lines).rstrip()]
        if settings.system_instruction.strip():
            instruction = demote_headings(settings.system_instruction, _HEADING_DEMOTION)
            blocks.append(_quote(f"**{label['system_instruction']}**\n\n{instruction}"))
        # Messages given with their other versions (an export of every version) say which version each is.
        siblings: dict[int | None, list[int]] = {}
        for message in messages:
            siblings.setdefault(message.parent_id, []).append(message.id)
        for message in messages:
            versions = siblings[message.parent_id]
            number = (versions.index(message.id) + 1, len(versions)) if len(versions) > 1 else None
            blocks.append(self._message(conversation.id, message, number))
        return "\n\n".join(blocks)

    def footnotes(self) -> str:
        return "\n".join(self._footnotes)

    def _message(self, conversation_id: int, message: Message, version: tuple[int, int] | None = None) -> str:
        label = self._labels
        if message.role == "user":
            heading = f"## {label['user']} · {_when(message.created_at)}"
        else:
            model = message.meta.get("model")
            who = f"{label['model']} ({model})" if isinstance(model, str) and model else label["model"]
            heading = f"## {who} · {_when(message.created_at)}"
        if version is not None:
            heading += " · " + label["version"].format(number=version[0], count=version[1])
        blocks = [heading]
        blocks += self._parts(conversation_id, message)
        blocks += self._status(message)
        usage = message.meta.get("usage")
        if message.role == "model" and isinstance(usage, dict) and usage:
            counts = Usage.from_metadata(usage)
            blocks.append(
                "*"
                + label["usage"].format(
                    prompt=counts.prompt_tokens,
                    output=counts.candidates_tokens,
                    thinking=counts.thoughts_tokens,
                    total=counts.total_tokens,
                )
                + "*"
            )
        return "\n\n".join(b for b in blocks if b)

    def _status(self, message: Message) -> list[str]:
        label = self._labels
        if message.status in ("stopped", "interrupted", "streaming"):
            return [f"*{label[message.status]}*"]
        if message.status == "error":
            _, shown = shown_texts(message.error or {})
            detail = "" if shown is None else render(shown, self._language)
            return [_quote(f"**{label['error']}**: {detail}".rstrip(": "))]
        if message.role == "model":
            # A safety stop, a blocked prompt, an answer cut off at the output limit: as the transcript says.
            notice = describe_finish(snapshot_of(message))
            if notice is not None:
                title, detail = render(notice.title, self._language), render(notice.detail, self._language)
                return [_quote(f"**⚠ {title}**\n\n{detail}")]
        return []

    def _parts(self, conversation_id: int, message: Message) -> list[str]:
        grounding = message.meta.get("grounding")
        info = GroundingInfo.from_metadata(grounding) if isinstance(grounding, dict) else None
        marked, numbers = self._citations(message, info)
        answer_texts = iter(marked)
        blocks: list[str] = []
        # Consecutive text parts are one run of text (a signature may split a sentence into two parts).
        run: list[str] = []
        run_is_thought = False
        media = 0
        names = message.meta.get("attachment_names")
        attachment_names = [str(n) for n in names] if isinstance(names, list) else []

        def flush() -> None:
            if run:
                # Thought parts are summaries with their own headings: each starts a paragraph.
                text = join_paragraphs(run) if run_is_thought else "".join(run)
                text = demote_headings(text, _HEADING_DEMOTION)
                thought = _quote(f"**{self._labels['thoughts']}**\n\n{text}") if text.strip() else ""
                blocks.append(thought if run_is_thought else text)
                run.clear()

        for part in message.parts:
            text = part.get("text")
            if isinstance(text, str):
                thought = part.get("thought") is True
                if run and thought != run_is_thought:
                    flush()
                run_is_thought = thought
                if thought:
                    run.append(text)
                else:
                    run.append(next(answer_texts))
                continue
            flush()
            if isinstance(part.get("inlineData"), dict):
                media += 1
                # A user's attachments are named, in the order of its inline parts; a reply's images are not.
                name = attachment_names[media - 1] if media <= len(attachment_names) else ""
                stem = f"c{conversation_id}-m{message.id}-{media}"
                blocks.append(self._media(part["inlineData"], stem, name))
            else:
                blocks.append(self._other(part))
        flush()
        if info is not None:
            blocks += self._source_lines(info, numbers)
        return [b for b in blocks if b.strip()]

    def _citations(self, message: Message, info: GroundingInfo | None) -> tuple[list[str], dict[int, int]]:
        """Each answer text part with its footnote markers, in order, and footnote number by source index."""
        texts = [
            p["text"]
            for p in message.parts
            if isinstance(p.get("text"), str) and p.get("thought") is not True
        ]
        if info is None or not info.sources:
            return texts, {}
        numbers: dict[int, int] = {}
        for index, source in enumerate(info.sources):
            numbers[index] = len(self._footnotes) + 1
            title = source.title or source.uri or f"{index + 1}"
            uri = f"<{source.uri}>" if any(c in source.uri for c in " ()<>") else source.uri
            target = f"[{_link_text(title)}]({uri})" if source.uri else _link_text(title)
            self._footnotes.append(f"[^{numbers[index]}]: {target}")
        marked = []
        for text, citations in zip(texts, citation_positions(texts, info), strict=True):
            pieces, previous = [], 0
            for citation in citations:
                pieces += [
                    text[previous : citation.position],
                    "".join(f"[^{numbers[i]}]" for i in citation.sources),
                ]
                previous = citation.position
            pieces.append(text[previous:])
            marked.append("".join(pieces))
        return marked, numbers

    def _source_lines(self, info: GroundingInfo, numbers: dict[int, int]) -> list[str]:
        label = self._labels
        lines: list[str] = []
        if info.web_search_queries:
            lines.append(f"*{label['searches']}: " + " · ".join(info.web_search_queries) + "*")
        # Renderers drop footnotes nobody cites: every source is referenced once here.
        if numbers:
            lines.append(f"*{label['sources']}:* " + " ".join(f"[^{n}]" for n in numbers.values()))
        return lines

    def _media(self, inline: dict[str, Any], stem: str, name: str) -> str:
        """The link to an inline file, written as ``stem`` plus its own name (``c1-m2-1-notes.txt``)."""
        label = self._labels
        mime = str(inline.get("mimeType", "application/octet-stream"))
        shown = safe_file_name(name)
        try:
            data = base64.b64decode(str(inline.get("data", "")), validate=False)
        except (binascii.Error, ValueError):
            what = escape(shown) or label["image" if mime.startswith("image/") else "file"]
            return f"*{what} {label['unreadable']}*"
        if shown and inert_extension(shown):
            path = f"{self._media_folder}/{stem}-{shown}"
        else:
            suffix = _EXTENSIONS.get(mime) or (mimetypes.guess_extension(mime) or ".bin").lstrip(".")
            path = f"{self._media_folder}/{stem}{'-' + shown if shown else ''}.{suffix}"
        self.files[path] = data
        link = quote(path)
        if mime.startswith("image/"):
            return f"![{escape(shown) or label['image']}]({link})"
        return f"[{escape(shown) or label['file'] + ': ' + mime}]({link})"

    def _other(self, part: dict[str, Any]) -> str:
        label = self._labels
        code = part.get("executableCode")
        if isinstance(code, dict):
            language = str(code.get("language", "")).lower().replace("language_unspecified", "")
            return f"**{label['code']}**\n\n" + fence(str(code.get("code", "")), language)
        result = part.get("codeExecutionResult")
        if isinstance(result, dict):
            outcome = str(result.get("outcome", ""))
            return f"**{label['result']}** ({outcome})\n\n" + fence(str(result.get("output", "")))
        call = part.get("functionCall")
        if isinstance(call, dict):
            args = shown_json(call.get("args", {}))
            return f"**{label['call']}** `{call.get('name', '')}`\n\n" + fence(args, "json")
        response = part.get("functionResponse")
        if isinstance(response, dict):
            body = shown_json(response.get("response", {}))
            return f"**{label['response']}** `{response.get('name', '')}`\n\n" + fence(body, "json")
        file_data = part.get("fileData")
        if isinstance(file_data, dict):
            uri = str(file_data.get("fileUri", ""))
            return f"[{label['file']}: {file_data.get('mimeType', '')}]({uri})"
        return ""  # a signature-only or unknown part has nothing to read


def _parameters(fields: dict[str, Any]) -> str:
    """The request's parameters on one line, by their API names: ``temperature: 0.2`` · ``googleSearch``."""
    config = dict(fields.get("generationConfig", {}))
    config.update(config.pop("thinkingConfig", {}))
    config.pop("includeThoughts", None)  # the default: thought summaries are shown
    items = [code_span(f"{key}: {json.dumps(value, ensure_ascii=False)}") for key, value in config.items()]
    items += [code_span(f"{s['category']}: {s['threshold']}") for s in fields.get("safetySettings", [])]
    items += [code_span(next(iter(tool))) for tool in fields.get("tools", [])]
    return " · ".join(items)


def markdown_export(
    conversations: Iterable[ConversationExport],
    *,
    media_folder: str,
    exported_at: float,
    language: str = "en",
) -> MarkdownExport:
    """Render conversations as one Markdown document.

    Args:
        conversations: The conversations with their messages.
        media_folder: The folder (relative to the document) that images and other inline media are linked in.
        exported_at: The export time (Unix seconds), shown at the end.
        language: The language of the headings and labels (a locale name: "en", "zh_CN").

    Returns:
        The text (always encodable as UTF-8: a lone surrogate becomes U+FFFD) and the media files to write
        next to it.
    """
    writer = _MarkdownWriter(media_folder, language)
    sections = [writer.conversation(c, m) for c, m in conversations]
    text = "\n\n---\n\n".join(sections)
    notes = writer.footnotes()
    if notes:
        text += "\n\n" + notes
    text += f"\n\n<!-- {_labels(language)['exported']}: {_when(exported_at)} · Gemini Desk -->\n"
    # The JSON export keeps a lone surrogate as an escape; a reader's document shows U+FFFD in its place.
    return MarkdownExport(_well_formed(text), writer.files)


def media_folder_for(path: Path) -> str:
    """The folder name for the media of the Markdown file ``path``: ``notes.md`` -> ``notes_files``."""
    return f"{path.stem}_files"


def write_markdown(
    path: Path, conversations: Iterable[ConversationExport], *, exported_at: float, language: str = "en"
) -> MarkdownExport:
    """Write a Markdown export to ``path`` and its media into the sibling folder; the ``.md`` is atomic.

    Returns:
        What was written.
    """
    export = markdown_export(
        conversations, media_folder=media_folder_for(path), exported_at=exported_at, language=language
    )
    for name, data in export.files.items():
        write_atomically(path.parent / name, data, private_folder=False)
    write_atomically(path, export.text.encode("utf-8"), private_folder=False)
    return export
