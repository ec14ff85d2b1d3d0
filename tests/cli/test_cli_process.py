"""``gemini-desk-cli`` as a user runs it: a real process against the demo gateway, on the app's own data.

The gateway double runs in this process on 127.0.0.1; the command runs as ``python -m app.cli`` with the key
in ``GEMINI_API_KEY`` and a data folder whose settings point at the gateway, like a user's.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import ExitCode
from app.core.gemini.errors import ConfigurationError
from app.core.key_file import KEY_FILE_NAME
from app.core.proxy_credentials import proxy_account
from app.core.secrets import NoKeyringError
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.records import Message
from app.core.texts import render
from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from tests.helpers.loopback import LoopbackListener
from tests.helpers.tool_calls import unoffered_call

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path, gateway: GatewayDouble) -> Path:
    config = tmp_path / "config"
    config.mkdir()
    settings = {"base_url": gateway.base_url, "language": "en", "default_model": "gemini-2.5-flash"}
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return tmp_path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GEMINI_API_KEY", "GEMINI_DESK_DATA_DIR")}
    # No keyring of the machine's: the key comes from the environment, as in CI.
    return {**env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **extra}


def _cli(
    data_dir: Path, *args: str, key: str | None = "test-key", **environ: str
) -> subprocess.CompletedProcess[str]:
    env = _env(GEMINI_API_KEY=key, **environ) if key is not None else _env(**environ)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _messages(data_dir: Path) -> Iterator[Message]:
    database = Database.open(data_dir / "gemini-desk.sqlite3")
    try:
        yield from ConversationStore(database).list_messages(1)
    finally:
        database.close()


def _json_lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_an_answer_streams_to_stdout_and_the_conversation_is_stored_and_continued(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    first = _cli(data_dir, "Hello from a terminal")

    assert first.returncode == ExitCode.OK, first.stderr
    assert "Demo gateway" in first.stdout and "Hello from a terminal" in first.stdout
    user, reply = list(_messages(data_dir))
    assert (user.role, user.text) == ("user", "Hello from a terminal")
    assert reply.role == "model" and reply.status == "complete" and reply.text.strip() in first.stdout

    second = _cli(data_dir, "--conversation", "1", "--json", "And again")

    assert second.returncode == ExitCode.OK, second.stderr
    events = _json_lines(second.stdout)
    assert events[0] == {"type": "started", "conversation": 1, "message": 4, "model": "gemini-2.5-flash"}
    text = "".join(str(e["text"]) for e in events if e["type"] == "text_delta")
    assert "And again" in text
    assert events[-1]["type"] == "ended" and events[-1]["status"] == "complete"
    # The whole conversation went to the gateway: the history was replayed.
    contents = gateway.requests[-1].body["contents"]
    assert [turn["role"] for turn in contents] == ["user", "model", "user"]
    assert [m.text for m in _messages(data_dir)][-2:] == ["And again", text]


def test_an_answer_calling_a_function_never_offered_says_nothing_ran_and_exits_as_ended_early(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(unoffered_call())  # the command line offers no tools

    result = _cli(data_dir, "Clean up, please")

    assert result.returncode == ExitCode.CUT_OFF, result.stderr
    assert "The model asked to run rm_rf, which is not offered here; nothing was run." in result.stderr
    assert [m.status for m in _messages(data_dir)] == ["complete", "complete"]


def test_continuing_a_conversation_continues_the_version_it_shows(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    database = Database.open(data_dir / "gemini-desk.sqlite3")
    try:
        store = ConversationStore(database)
        conversation = store.create("versions", "gemini-2.5-flash").id
        question = store.add_message(conversation, "user", [{"text": "Q"}], "Q").id
        shown = store.add_message(conversation, "model", [{"text": "shown answer"}], "shown answer").id
        store.add_message(
            conversation, "model", [{"text": "other answer"}], "other answer", parent_id=question
        )
        store.choose(shown)
    finally:
        database.close()

    done = _cli(data_dir, "--conversation", str(conversation), "Go on")

    assert done.returncode == ExitCode.OK, done.stderr
    contents = gateway.requests[-1].body["contents"]
    assert [part["text"] for turn in contents for part in turn["parts"]] == ["Q", "shown answer", "Go on"]
    texts = [m.text for m in _messages(data_dir)]
    assert texts[:3] == ["Q", "shown answer", "Go on"] and len(texts) == 4


def test_a_prompt_with_bytes_that_are_not_text_is_asked_with_them_replaced(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    piped = subprocess.run(
        [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=_env(GEMINI_API_KEY="test-key"),
        input=b"caf\xe9 \xff\xfe binary",
        capture_output=True,
        timeout=60,
    )

    assert piped.returncode == ExitCode.OK, piped.stderr.decode()
    user = next(iter(_messages(data_dir)))
    assert user.text == "caf\ufffd \ufffd\ufffd binary"
    assert gateway.requests[-1].body["contents"][-1]["parts"][0]["text"] == user.text


def test_list_models_prints_the_gateways_models(data_dir: Path) -> None:
    listed = _cli(data_dir, "--list-models")

    assert listed.returncode == ExitCode.OK, listed.stderr
    assert "gemini-2.5-flash" in listed.stdout.split()


HOSTILE_TEXT = (
    "Clear\x1b[2J title\x1b]0;owned\x07 clip\x1b]52;c;ZWNobyBoaQ==\x07 csi\x9b2J back\r line \u202etxt.exe"
)


def _on_a_terminal(data_dir: Path, *args: str) -> tuple[int, str]:
    """Run the CLI with its stdout on a pseudo-terminal; return its exit status and what the terminal got."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), *args],
            cwd=ROOT,
            env=_env(GEMINI_API_KEY="test-key"),
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(terminal)
    received = bytearray()
    with contextlib.suppress(OSError):  # EIO once the child has closed its end
        while chunk := os.read(controller, 65536):
            received += chunk
    os.close(controller)
    with process:  # its stderr pipe is closed on the way out
        assert process.wait(timeout=60) == ExitCode.OK, process.stderr.read() if process.stderr else ""
    return process.returncode, received.decode("utf-8", "replace")


def test_on_a_terminal_an_answer_cannot_command_the_terminal(data_dir: Path, gateway: GatewayDouble) -> None:
    gateway.set_scenario(Scenario("terminal-commands", chunks=text_stream(HOSTILE_TEXT, size=7)))

    _, shown = _on_a_terminal(data_dir, "Hi")

    for control in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert control not in shown
    assert "Clear[U+001B][2J title[U+001B]]0;owned[U+0007]" in shown  # seen, not obeyed
    assert "back line [U+202E]txt.exe" in shown


def test_through_a_pipe_the_answer_is_as_harmless_and_raw_gives_it_as_it_came(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    # A pipe may end on a terminal (``| cat``, ``| tee``): only --raw writes the controls themselves.
    gateway.set_scenario(Scenario("terminal-commands", chunks=text_stream(HOSTILE_TEXT, size=7)))

    piped = _cli(data_dir, "Hi")
    answer = data_dir / "answer.txt"
    with answer.open("wb") as file:  # as ``> answer.txt`` does: every byte kept, no newline translation
        raw = subprocess.run(
            [sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), "--raw", "Hi again"],
            cwd=ROOT,
            env=_env(GEMINI_API_KEY="test-key"),
            stdout=file,
            timeout=60,
        )

    assert piped.returncode == raw.returncode == ExitCode.OK, piped.stderr
    assert "Clear[U+001B][2J title[U+001B]]0;owned[U+0007]" in piped.stdout
    assert not any(control in piped.stdout for control in ("\x1b", "\x07", "\x9b", "\u202e"))
    assert answer.read_bytes().decode("utf-8") == HOSTILE_TEXT + "\n"


def test_json_lines_on_a_terminal_cannot_command_it_and_keep_the_text_whole(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(Scenario("terminal-commands", chunks=text_stream(HOSTILE_TEXT, size=7)))

    _, shown = _on_a_terminal(data_dir, "--json", "Hi")

    for control in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert control not in shown
    # The terminal turns each line end into CR LF; every line is still one JSON object.
    events = [json.loads(line) for line in shown.replace("\r\n", "\n").splitlines()]
    assert "".join(str(e["text"]) for e in events if e["type"] == "text_delta") == HOSTILE_TEXT


def test_json_lines_stay_one_event_per_line_whatever_the_answer_holds(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    text = "one\u2028two\x85three\u2029four\nfive"
    gateway.set_scenario(Scenario("line-ends", chunks=text_stream(text, size=4)))

    result = _cli(data_dir, "--json", "Hi")

    assert result.returncode == ExitCode.OK, result.stderr
    events = _json_lines(result.stdout)  # str.splitlines: also splits at U+2028, U+2029 and NEL
    assert "".join(str(e["text"]) for e in events if e["type"] == "text_delta") == text


@contextlib.contextmanager
def _model_list_gateway(data_dir: Path, body: bytes) -> Iterator[None]:
    """Point the CLI at a loopback gateway whose every GET answers ``body`` (a model list) with 200."""

    class ModelList(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ModelList)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = {"base_url": f"http://127.0.0.1:{server.server_address[1]}", "language": "en"}
        (data_dir / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        yield
    finally:
        server.shutdown()
        server.server_close()


def test_on_a_terminal_a_model_name_cannot_command_the_terminal(data_dir: Path) -> None:
    body = json.dumps({"data": [{"id": "gemini-\x1b[31mred\x1b[0m", "object": "model"}]}).encode()
    with _model_list_gateway(data_dir, body):
        _, shown = _on_a_terminal(data_dir, "--list-models")

    assert "gemini-[U+001B][31mred[U+001B][0m" in shown and "\x1b" not in shown


def test_a_model_list_nested_too_deep_fails_with_a_message_not_a_traceback(data_dir: Path) -> None:
    with _model_list_gateway(data_dir, b'{"models": ' + b"[" * 5000 + b"]" * 5000 + b"}"):
        listed = _cli(data_dir, "--list-models")

    assert "Traceback" not in listed.stderr and "RecursionError" not in listed.stderr
    assert listed.returncode in (ExitCode.REFUSED, ExitCode.BAD_ANSWER), listed.stderr


def test_errors_say_what_the_app_says_and_exit_with_their_own_status(data_dir: Path) -> None:
    refused = _cli(data_dir, "--json", "Hi", key="not-the-gateways-key")

    assert refused.returncode == ExitCode.REFUSED
    assert "The API key was rejected (HTTP 401)." in refused.stderr
    error = _json_lines(refused.stdout)[-1]
    assert error["type"] == "error" and error["error"] == "AuthenticationError"
    assert list(_messages(data_dir))[-1].status == "error"  # stored, as the app stores it

    no_key = _cli(data_dir, "Hi", key=None)

    assert no_key.returncode == ExitCode.SETUP
    # The user reads the message and what to do, and nothing else (no log line before it).
    assert no_key.stderr.startswith(render(NoKeyringError().user_message(), "en") + "\n")
    assert len(no_key.stderr.splitlines()) == 2 and "WARNING" not in no_key.stderr
    assert render(ConfigurationError(kind="no_key").user_message(), "en") not in no_key.stderr
    assert "set GEMINI_API_KEY" in no_key.stderr  # how a terminal gives a key
    (data_dir / "config" / "settings.json").write_text(
        json.dumps({"base_url": "http://127.0.0.1:9", "language": "en", "key_storage": "file"}),
        encoding="utf-8",
    )
    nothing_stored = _cli(data_dir, "Hi", key=None)
    assert nothing_stored.returncode == ExitCode.SETUP
    assert render(ConfigurationError(kind="no_key").user_message(), "en") in nothing_stored.stderr
    assert "set GEMINI_API_KEY" in nothing_stored.stderr and "Traceback" not in nothing_stored.stderr

    unknown = _cli(data_dir, "--conversation", "99", "Hi")

    assert unknown.returncode == ExitCode.SETUP and "There is no conversation 99." in unknown.stderr


def test_a_plain_http_gateway_on_the_network_gets_nothing_without_allow_http(
    data_dir: Path, gateway: GatewayDouble
) -> None:
    # A gateway on the network, reached through a proxy on this computer: were anything sent, the proxy
    # would get it (and the test reaches no other host).
    proxy = LoopbackListener(hang_up=True)
    settings = {
        "base_url": "http://192.0.2.1:8080",
        "language": "en",
        "proxy_mode": "url",
        "proxy_url": proxy.url,
    }
    (data_dir / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    try:
        refused = _cli(data_dir, "--json", "Hi")
    finally:
        proxy.close()
    assert proxy.accepted == 0
    assert refused.returncode == ExitCode.SETUP
    assert "http://192.0.2.1:8080 uses plain http://" in refused.stderr and "--allow-http" in refused.stderr
    assert _json_lines(refused.stdout)[-1]["error"] == "PlainHttpRefused"
    assert "Traceback" not in refused.stderr
    assert not (data_dir / "gemini-desk.sqlite3").exists() or not list(_messages(data_dir))
    # This computer's gateway (plain http on loopback) needs no flag.
    local = {"base_url": gateway.base_url, "language": "en", "default_model": "gemini-2.5-flash"}
    (data_dir / "config" / "settings.json").write_text(json.dumps(local), encoding="utf-8")
    gateway.queue_scenarios(Scenario("ok", chunks=text_stream("Fine.")))
    assert _cli(data_dir, "Hi").returncode == ExitCode.OK


def _foreground_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """The command started in a session of its own, with Ctrl+C's default action, as a user's shell starts it.

    A command in a shell's foreground has Ctrl+C's default action. A test run started in the background of a
    shell without job control (``bash .ci/run &``) passes Ctrl+C on as ignored, and Python keeps it ignored:
    give the command the terminal's disposition. The test sends SIGINT with ``os.kill``.
    """
    foreground = (
        "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "runpy.run_module('app.cli', run_name='__main__', alter_sys=True)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", foreground, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def test_ctrl_c_stops_the_answer_and_keeps_what_arrived_as_stopped(data_dir: Path) -> None:
    # The stall scenario sends two events, then nothing for 30 s: the answer is mid-way when Ctrl+C comes.
    args = ["--data-dir", str(data_dir), "--json", "--model", "demo-scenario-stall", "Tell me a long story"]
    process = _foreground_cli(args, _env(GEMINI_API_KEY="test-key"))
    assert process.stdout is not None and process.stderr is not None
    lines: list[str] = []
    first_text = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if '"text_delta"' in line:
                first_text.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert first_text.wait(30), f"no text arrived: {lines}"
        os.kill(process.pid, signal.SIGINT)
        status = process.wait(30)
    finally:
        process.kill()
        process.wait()
    reader.join(5)
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()

    assert status == ExitCode.STOPPED, stderr
    assert "Stopped." in stderr and "Traceback" not in stderr
    events = _json_lines("".join(lines))
    shown = "".join(str(e["text"]) for e in events if e["type"] == "text_delta")
    assert events[-1] == {"type": "stopped"}
    reply = list(_messages(data_dir))[-1]
    assert reply.status == "stopped" and reply.text == shown != ""


def test_ctrl_c_while_the_settings_are_read_exits_quietly_as_a_stopped_command(data_dir: Path) -> None:
    # The settings file is a pipe nobody writes to: reading it blocks, like a stalled network folder, so
    # Ctrl+C comes while the command starts, before it has asked anything.
    settings = data_dir / "config" / "settings.json"
    settings.unlink()
    os.mkfifo(settings)
    process = _foreground_cli(["--data-dir", str(data_dir), "Hi"], _env(GEMINI_API_KEY="test-key"))
    writer = -1
    try:
        # Opening the writing end succeeds only once the command has opened the pipe to read it.
        deadline = time.monotonic() + 60
        while writer < 0:
            try:
                writer = os.open(settings, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                assert error.errno == errno.ENXIO, error
                assert process.poll() is None and time.monotonic() < deadline, "the settings were never read"
                time.sleep(0.02)
        os.kill(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if writer >= 0:
            os.close(writer)
        process.kill()
        process.wait()

    assert process.returncode == ExitCode.STOPPED, stderr
    assert (stdout, stderr) == ("", "")  # nothing was asked: nothing to report, and no traceback


def test_ctrl_c_while_the_keyring_is_asked_exits_as_a_stopped_command(data_dir: Path) -> None:
    # The keyring hangs like an unlock prompt nobody answers; the debug log says when the command asks it.
    env = _env(PYTHON_KEYRING_BACKEND="tests.helpers.keyrings.HangingKeyring", GEMINI_DESK_LOG="debug")
    process = _foreground_cli(["--data-dir", str(data_dir), "--json", "Hi"], env)
    log = data_dir / "logs" / "gemini-desk.log"
    try:
        deadline = time.monotonic() + 60
        while not (log.exists() and "keyring backend:" in log.read_text(encoding="utf-8")):
            assert process.poll() is None and time.monotonic() < deadline, "the keyring was never asked"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == ExitCode.STOPPED, stderr
    assert stderr == "Stopped.\n" and _json_lines(stdout) == [{"type": "stopped"}]


def test_the_cli_speaks_the_language_of_the_setting_else_of_the_locale(data_dir: Path) -> None:
    settings_path = data_dir / "config" / "settings.json"
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    settings_path.write_text(json.dumps({**settings, "language": "zh_CN"}), encoding="utf-8")

    helped = _cli(data_dir, "--help", LANG="en_US.UTF-8")

    assert helped.returncode == ExitCode.OK, helped.stderr
    assert "在终端中向 Gemini 提问" in helped.stdout and "用法：" in helped.stdout
    assert "显示此帮助并退出" in helped.stdout and "show this help" not in helped.stdout
    unknown = _cli(data_dir, "--conversation", "99", "Hi", LANG="en_US.UTF-8")
    assert unknown.returncode == ExitCode.SETUP and "没有编号为 99 的对话。" in unknown.stderr

    settings_path.write_text(json.dumps({**settings, "language": "system"}), encoding="utf-8")
    for locale, words in (
        ("zh_CN.UTF-8", "在终端中向 Gemini 提问"),
        ("en_GB.UTF-8", "Ask Gemini from a terminal"),
    ):
        helped = _cli(data_dir, "--help", LANG=locale, LANGUAGE="", LC_ALL="", LC_MESSAGES="")
        assert helped.returncode == ExitCode.OK and words in helped.stdout, (locale, helped.stdout)


def _through_proxy(data_dir: Path, base_url: str, proxy_url: str, keys: dict[str, str] | None = None) -> Path:
    """Settings for ``base_url`` through the proxy ``proxy_url`` (``keys`` in the key file); the key file."""
    config = data_dir / "config"
    config.mkdir()
    settings = {"base_url": base_url, "proxy_mode": "url", "proxy_url": proxy_url, "language": "en"}
    if keys is not None:
        settings["key_storage"] = "file"
        (config / KEY_FILE_NAME).write_text(json.dumps({"version": 1, "keys": keys}), encoding="utf-8")
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return config / KEY_FILE_NAME


def test_the_proxy_password_comes_from_where_the_app_keeps_it(tmp_path: Path) -> None:
    proxy = LoopbackListener(hang_up=True)
    try:
        bare = proxy.url.replace("http://", "http://alice@")
        keys = {"api-key:gateway.example": "sk-in-file", proxy_account(bare): "pw-from-the-key-file"}
        _through_proxy(tmp_path, "https://gateway.example", bare, keys)

        result = _cli(tmp_path, "--list-models", key=None)
    finally:
        proxy.close()
    assert result.returncode == ExitCode.CONNECTION, result.stderr
    # "alice:pw-from-the-key-file", as the proxy receives it.
    assert any("Proxy-Authorization: Basic YWxpY2U6cHctZnJvbS10aGUta2V5LWZpbGU=" in h for h in proxy.heads)


def test_a_key_saved_for_https_is_not_sent_in_clear_when_the_settings_switch_to_http(tmp_path: Path) -> None:
    # The key file holds the key of https://gateway.example; a settings file now says http://. Through a
    # proxy on this computer, what would cross the network in clear text is what the proxy receives.
    proxy = LoopbackListener(hang_up=True)
    keys = {"api-key:gateway.example": "sk-saved-for-https"}
    try:
        key_file = _through_proxy(tmp_path, "http://gateway.example", proxy.url, keys)

        result = _cli(tmp_path, "--allow-http", "--list-models", key=None)
    finally:
        proxy.close()
    assert not any("sk-saved-for-https" in head for head in proxy.heads)
    assert proxy.accepted == 0
    assert result.returncode == ExitCode.SETUP, result.stderr
    no_key = render(ConfigurationError(kind="no_key").user_message(), "en")
    assert no_key.splitlines()[0] in result.stderr
    # The https key is still where it was.
    assert json.loads(key_file.read_text(encoding="utf-8"))["keys"] == keys


def test_a_settings_file_whose_gateway_address_is_lost_sends_the_key_nowhere(tmp_path: Path) -> None:
    # The default address would stand in for the user's gateway and get its key; a proxy on this computer
    # sees any attempt (the test reaches no other host).
    proxy = LoopbackListener(hang_up=True)
    try:
        _through_proxy(tmp_path, "https://gateway.example<title>", proxy.url)

        asked = _cli(tmp_path, "--json", "Hi")
        listed = _cli(tmp_path, "--list-models")
    finally:
        proxy.close()
    assert proxy.accepted == 0
    for result in (asked, listed):
        assert result.returncode == ExitCode.SETUP, result.stderr
        assert "gateway address is unreadable" in result.stderr and "Traceback" not in result.stderr
    assert _json_lines(asked.stdout)[-1]["error"] == "GatewayUnknown"
