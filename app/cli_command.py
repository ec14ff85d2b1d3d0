"""The work of ``gemini-desk-cli`` (see ``app.cli``): read the settings, find the key, stream the answer.

Built only on ``app.core`` (import-linter keeps it so). ``app.cli`` imports it only once it can catch Ctrl+C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.cli import ExitCode
from app.core.chat.connection import ClientProvider, Connection
from app.core.chat.history import user_parts
from app.core.chat.request import build_request
from app.core.chat.titles import fallback_title
from app.core.chat.turn import TurnOutcome, TurnRunner
from app.core.gemini.errors import ConfigurationError, GeminiError, TransportError
from app.core.gemini.events import Snapshot, StreamEvent, TextDelta
from app.core.gemini.finish import describe_finish, describe_interrupted
from app.core.gemini.proxy_route import proxy_applies
from app.core.gemini.retry import Retrying
from app.core.gemini.status_errors import HTTPStatusError
from app.core.gemini.urls import sends_key_in_clear
from app.core.key_file import KEY_FILE_NAME, KeyFileStore
from app.core.key_sources import SecretStore, resolve_key
from app.core.logs import AppLogging
from app.core.paths import AppPaths, resolve_paths
from app.core.secrets import KeyStore, SecretStoreError, account_for_base_url, legacy_account
from app.core.settings import Settings
from app.core.settings_store import SettingsStore
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, StoreError
from app.core.store.records import Conversation
from app.core.texts import Param, Text, catalogue_language, render
from app.core.tools.calls import stored_tool_notices
from app.core.visible_text import for_terminal

if TYPE_CHECKING:
    from app.core.gemini.client import GeminiClient
    from app.core.gemini.models_list import ModelInfo

__all__ = ["run"]


def _exit_code(error: GeminiError) -> ExitCode:
    if isinstance(error, ConfigurationError):
        return ExitCode.SETUP
    if isinstance(error, TransportError):
        return ExitCode.CONNECTION
    if isinstance(error, HTTPStatusError):
        return ExitCode.REFUSED
    return ExitCode.BAD_ANSWER


class _Failure(Exception):
    """Ends the command with ``code``; ``message`` is for the user, ``kind`` names the failure in JSON."""

    def __init__(self, code: ExitCode, message: str, kind: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind


def _say(language: str, code: str, **params: Param) -> str:
    """The CLI's own text ``cli.<code>`` from the core's catalogue, worded in ``language``."""
    return render(Text(f"cli.{code}", **params), language)


def parse_args(argv: Sequence[str], language: str = "en") -> argparse.Namespace:
    """The command line (``--help`` lists it, in ``language``)."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
            super().add_usage(usage, actions, groups, _say(language, "usage") if prefix is None else prefix)

    separator = render(Text("list.separator"), language)
    codes = Text(
        "cli.exit_codes", codes=separator.join(f"{code.value} {code.name.lower()}" for code in ExitCode)
    )
    parser = argparse.ArgumentParser(
        prog="gemini-desk-cli",
        description=_say(language, "description"),
        epilog=render(codes, language),
        formatter_class=Formatter,
        add_help=False,  # its help text is worded below, like every other one
    )
    arguments = parser.add_argument_group(_say(language, "arguments"))
    arguments.add_argument("prompt", nargs="?", help=_say(language, "help.prompt"))
    options = parser.add_argument_group(_say(language, "options"))
    options.add_argument("-h", "--help", action="help", help=_say(language, "help.help"))
    options.add_argument("--model", help=_say(language, "help.model"))
    options.add_argument("--conversation", type=int, metavar="ID", help=_say(language, "help.conversation"))
    options.add_argument("--list-models", action="store_true", help=_say(language, "help.list_models"))
    options.add_argument("--json", action="store_true", help=_say(language, "help.json"))
    options.add_argument("--raw", action="store_true", help=_say(language, "help.raw"))
    options.add_argument("--data-dir", metavar="DIR", help=_say(language, "help.data_dir"))
    options.add_argument("--allow-http", action="store_true", help=_say(language, "help.allow_http"))
    return parser.parse_args(argv)


def run(argv: Sequence[str]) -> int:
    """Run ``gemini-desk-cli`` with the arguments ``argv``; return its exit status.

    Ctrl+C before the output is set up (while the settings load, or the prompt is read from stdin) is left
    to ``app.cli.main``; from then on it is reported as a stopped command.
    """
    arguments = list(argv)
    # The one language decision comes first, so even --help speaks it; --data-dir names the settings it reads.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--data-dir")
    # Nothing is created yet: --help must leave no folder behind.
    paths = resolve_paths(early.parse_known_args(arguments)[0].data_dir, os.environ, create=False)
    settings_store = SettingsStore(paths.settings_path)
    settings = settings_store.load()
    language = _language(settings, os.environ)
    args = parse_args(arguments, language)
    # The default address stands in for a gateway address the file lost: the key is for the user's gateway.
    args.gateway_lost = settings_store.repair is not None and settings_store.repair.gateway_uncertain
    prompt: str | None = args.prompt
    if not args.list_models and prompt is None:
        if sys.stdin.isatty():
            print(f"gemini-desk-cli: {_say(language, 'no_prompt')}", file=sys.stderr)
            return ExitCode.USAGE
        prompt = sys.stdin.read()
    args.prompt = None if prompt is None else _as_text(prompt)
    if not args.list_models and not (args.prompt or "").strip():
        print(f"gemini-desk-cli: {_say(language, 'empty_prompt')}", file=sys.stderr)
        return ExitCode.USAGE
    output = _Output(sys.stdout, sys.stderr, as_json=args.json, raw=args.raw, language=language)
    try:
        # asyncio.run cancels the task on Ctrl+C (the reply is stored as stopped), then raises this.
        return asyncio.run(_run(args, paths, settings, os.environ, output))
    except KeyboardInterrupt:
        output.stopped()
        return ExitCode.STOPPED
    except asyncio.CancelledError:  # the reader of stdout went away (``| head``): stopped as well
        return ExitCode.STOPPED


# Escaped in JSON lines (the same value to every parser): the line and paragraph separators and NEL, which
# many readers (Python's splitlines, JavaScript) take for line ends, and what a terminal would obey that
# json.dumps leaves as it is (DEL, the C1 controls, 0x9b being a one-byte CSI, and the bidi overrides).
_ESCAPED_IN_JSON = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def _as_text(prompt: str) -> str:
    """``prompt`` with the bytes that were not text (U+FFFD each, as an editor shows them).

    A binary file piped in, or a name in another encoding on the command line, arrives with lone surrogates,
    which no request can carry.
    """
    try:
        raw = prompt.encode("utf-8", "surrogateescape")  # the bytes as they came
    except UnicodeEncodeError:  # surrogates that stand for no byte
        raw = prompt.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


class _Output:
    """Writes the answer to stdout and everything else to stderr, as text or as JSON lines."""

    def __init__(self, out: IO[str], err: IO[str], *, as_json: bool, raw: bool, language: str) -> None:
        self.language = language
        self._out = out
        self._err = err
        self._json = as_json
        self._ended_line = True
        self._closed = False
        # The gateway writes the answer, the model names and error details: none of it may command a
        # terminal (clear the screen, set the title or the clipboard), also through a pipe, since ``| cat``
        # or ``| tee`` ends on one. --raw asks for the answer exactly as it came (for a file or a program).
        self._out_shown: Callable[[str], str] = str if raw else for_terminal

    def _write(self, text: str) -> None:
        if self._closed:
            return
        try:
            self._out.write(text)
            self._out.flush()
        except BrokenPipeError:
            # The reader is gone (``| head``): stop the answer as Ctrl+C would, and write nothing more
            # (the interpreter's own flush at exit would fail again without the redirection).
            self._closed = True
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), self._out.fileno())
            task = asyncio.current_task()
            if task is not None:
                task.cancel()

    def record(self, kind: str, **fields: Any) -> None:
        """One JSON line (only with ``--json``)."""
        if self._json:
            line = json.dumps({"type": kind, **fields}, ensure_ascii=False, default=str)
            # One event per line for every reader, and safe to show on a terminal (see _ESCAPED_IN_JSON).
            self._write(line.translate(_ESCAPED_IN_JSON) + "\n")

    def event(self, event: StreamEvent) -> None:
        """A stream event: its text as it comes, or the whole event as a JSON line."""
        if self._json:
            name = type(event).__name__
            self.record(_snake_case(name), **_jsonable(dataclasses.asdict(event)))
        elif isinstance(event, TextDelta):
            self._write(self._out_shown(event.text))
            self._ended_line = event.text.endswith("\n")

    def note(self, text: str) -> None:
        """A line for the user on stderr (a retry, a setting left out, how the answer ended)."""
        self.end_line()
        self._err.write(for_terminal(text) + "\n")
        self._err.flush()

    def end_line(self) -> None:
        """End the answer's last line, so the prompt of the shell starts on its own line."""
        if not self._ended_line and not self._json:
            self._write("\n")
        self._ended_line = True

    def model(self, model: ModelInfo) -> None:
        """One model of the gateway: its id, or all it is known by as a JSON line."""
        if self._json:
            self.record("model", id=model.id, display_name=model.display_name, is_chat=model.is_chat)
        else:
            self._write(self._out_shown(model.id) + "\n")

    def fail(self, failure: _Failure) -> ExitCode:
        """Say why the command failed; return its exit status."""
        self.record("error", code=int(failure.code), error=failure.kind, message=failure.message)
        self.note(failure.message)
        return failure.code

    def stopped(self) -> None:
        """Ctrl+C ended the command."""
        self.record("stopped")
        self.note(_say(self.language, "stopped"))


async def _run(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, environ: Mapping[str, str], output: _Output
) -> int:
    paths.create()
    # Failures are told in the command's own words; log lines go only to the log file (GEMINI_DESK_LOG).
    logging = AppLogging(paths.log_dir, environ, console=False)
    lang = output.language
    clients = ClientProvider()
    try:
        if args.gateway_lost:  # the app asks for the gateway first; a command cannot ask
            raise _Failure(ExitCode.SETUP, _say(lang, "gateway_lost"), "GatewayUnknown")
        _refuse_plain_http(settings, args.allow_http, lang)
        key = await _find_key(settings, environ, lang, paths.config_dir)
        logging.add_secret(key)
        settings = await _with_proxy_password(settings, paths.config_dir)
        clients.configure(Connection.from_settings(settings, key))
        client = clients.get()
        assert client is not None  # configured with a key
        if args.list_models:
            for model in await client.list_models():
                output.model(model)
            return ExitCode.OK
        return await _ask(args, settings, paths.database_path, client, output, lang)
    except GeminiError as error:
        return output.fail(
            _Failure(_exit_code(error), render(error.user_message(), lang), type(error).__name__)
        )
    except StoreError as error:
        message = "\n".join((render(error.message, lang), render(error.hint, lang))).strip()
        return output.fail(_Failure(ExitCode.STORAGE, message, type(error).__name__))
    except _Failure as failure:
        return output.fail(failure)
    finally:
        await clients.aclose()
        logging.close()


def _refuse_plain_http(settings: Settings, allowed: bool, lang: str) -> None:
    """Nothing goes to a plain ``http://`` gateway on the network unless ``--allow-http`` says so.

    The app asks first (``PlainHttpGuard``); a command cannot ask, so it refuses and says how to go on.
    """
    through_proxy = proxy_applies(settings.base_url, settings.proxy_mode, settings.proxy_url)
    if allowed or not sends_key_in_clear(settings.base_url, through_proxy=through_proxy):
        return
    parts = urlsplit(settings.base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    raise _Failure(ExitCode.SETUP, _say(lang, "plain_http", origin=origin), "PlainHttpRefused")


def _secret_store(settings: Settings, config_dir: Path) -> SecretStore:
    """Where the app keeps secrets: the keyring, or the key file when the user chose it."""
    return KeyFileStore(config_dir / KEY_FILE_NAME) if settings.key_storage == "file" else KeyStore()


async def _with_proxy_password(settings: Settings, config_dir: Path) -> Settings:
    """``settings`` with the proxy's password from the keyring; unreadable, without it (the proxy says so)."""
    from app.core.proxy_password import ProxyPasswords

    try:
        return await ProxyPasswords(lambda: _secret_store(settings, config_dir)).restore(settings)
    except SecretStoreError as error:
        logging.getLogger(__name__).warning("could not read the proxy password: %s", type(error).__name__)
        return settings


async def _find_key(settings: Settings, environ: Mapping[str, str], lang: str, config_dir: Path) -> str:
    """The key, as the app finds it: ``GEMINI_API_KEY``, else the stored key for the gateway.

    Stored means the keyring's, or the key file's when the user chose it.
    """
    account = account_for_base_url(settings.base_url)
    store = _secret_store(settings, config_dir)
    resolved = await resolve_key(environ, store, account, legacy=legacy_account(settings.base_url))
    if resolved.key:
        return resolved.key
    error = resolved.error if resolved.error is not None else ConfigurationError(kind="no_key")
    # The app's own words ("in Settings"), then how a terminal gives a key.
    message = f"{render(error.user_message(), lang)}\n{_say(lang, 'key_hint')}"
    raise _Failure(ExitCode.SETUP, message, type(error).__name__)


async def _ask(
    args: argparse.Namespace,
    settings: Settings,
    database_path: Path,
    client: GeminiClient,
    output: _Output,
    lang: str,
) -> int:
    """Store the prompt, stream the answer into the store and to the output; return the exit status."""
    database = Database.open(database_path)
    try:
        store = ConversationStore(database)
        conversation = _conversation(store, args, settings, lang)
        prompt: str = args.prompt
        store.add_message(conversation.id, "user", user_parts(prompt), prompt)
        if not conversation.title:
            store.rename(conversation.id, fallback_title(prompt), is_auto=True)
        request = build_request(conversation, store.list_messages(conversation.id))
        if request.adjusted is not None:
            output.note(render(request.adjusted.message, lang))
        runner = TurnRunner(store)
        reply = runner.begin_reply(conversation.id, request.model)
        output.record("started", conversation=conversation.id, message=reply.id, model=request.model)
        listener = _Listener(output)
        outcome = await runner.stream_reply(client, reply, request.model, request.body, listener)
        return _report(outcome, conversation.id, output, lang)
    finally:
        database.close()


def _conversation(
    store: ConversationStore, args: argparse.Namespace, settings: Settings, lang: str
) -> Conversation:
    """The conversation to continue (``--conversation``), or a new one with the app's defaults."""
    if args.conversation is None:
        return store.create("", args.model or settings.default_model, settings.generation_defaults)
    conversation = store.get(args.conversation)
    if conversation is None or conversation.deleted_at is not None:
        message = _say(lang, "unknown_conversation", id=args.conversation)
        raise _Failure(ExitCode.SETUP, message, "UnknownConversation")
    if args.model and args.model != conversation.model:
        store.set_model(conversation.id, args.model)
        conversation = dataclasses.replace(conversation, model=args.model)
    return conversation


def _report(outcome: TurnOutcome, conversation_id: int, output: _Output, lang: str) -> int:
    """Say how the answer ended; return the exit status."""
    output.end_line()
    usage = outcome.snapshot.usage
    output.record(
        "ended",
        status=outcome.status,
        conversation=conversation_id,
        message=outcome.message.id,
        usage=None if usage is None else usage.to_metadata(),
    )
    if outcome.error is not None:
        error = outcome.error
        raise _Failure(_exit_code(error), render(error.user_message(), lang), type(error).__name__)
    # A call to a function nobody offered ends the answer with nothing run: incomplete, and said so.
    notes = [render(text, lang) for text in stored_tool_notices(outcome.message.meta)]
    notice = _ending_notice(outcome.snapshot, outcome.status, lang)
    if notice is not None:
        notes.insert(0, notice)
    for note in notes:
        output.note(note)
    return ExitCode.CUT_OFF if notes else ExitCode.OK


def _ending_notice(snapshot: Snapshot, status: str, lang: str) -> str | None:
    if status == "interrupted":
        notice = describe_interrupted()
    else:
        found = describe_finish(snapshot)
        if found is None or found.severity == "info":
            return None
        notice = found
    return render(notice.line(), lang)


class _Listener:
    """Prints the reply's events as they arrive (see ``TurnListener``)."""

    def __init__(self, output: _Output) -> None:
        self._output = output

    def on_started(self, snapshot: Callable[[], Snapshot]) -> None:
        """Nothing to show yet."""

    def on_event(self, event: StreamEvent) -> None:
        """Print the event."""
        self._output.event(event)

    def on_retrying(self, retrying: Retrying) -> None:
        """Say that the gateway is asked again, and why."""
        self._output.record("retrying", attempt=retrying.attempt, delay=retrying.delay)
        reason, delay = retrying.error.title(), f"{retrying.delay:.0f}"
        self._output.note(_say(self._output.language, "retrying", reason=reason, delay=delay))


def _language(settings: Settings, environ: Mapping[str, str]) -> str:
    """The catalogue the core's texts are worded in: the setting, else the environment's locale.

    The one language decision of a command-line run, made once (as the app makes it at start-up).
    """
    if settings.language != "system":
        return catalogue_language(settings.language)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").split(":")[0]
        if value:
            return catalogue_language(value)
    return catalogue_language("en")


def _snake_case(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
