"""The tool loop end to end: the gateway double plays a model calling tools of a real MCP server.

Each request the double receives is checked: the function responses it carries (name, id, content), and the
model turns before them, which must come back exactly as the double sent them, every thoughtSignature
included.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.generation import GenerationSettings
from app.core.chat.tool_loop import TOOL_CALLS_META, ToolLoop, stored_tool_notices
from app.core.chat.turn import TurnOutcome, TurnRunner
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.gemini.events import Snapshot, StreamEvent
from app.core.gemini.retry import Retrying
from app.core.store.conversations import ConversationStore
from app.core.store.records import Message
from app.core.texts import Text, render
from app.core.tools.calls import CallRecord, Decision, PendingCall
from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig
from app.core.tools.service import ToolService, ToolSettings
from app.demo.responses import chunk, signature, usage
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from tests.helpers.mcp_servers import stdio_command

ROOT = Path(__file__).resolve().parents[3]
# Recorded real streams live beside the repository (../shared/captures), or beside the folder holding a
# worktree of it; they are read there, never copied in.
CAPTURES = next(
    (p / "shared" / "captures" for p in ROOT.parents if (p / "shared" / "captures").is_dir()),
    ROOT.parent / "shared" / "captures",
)
MODEL = "gemini-3-flash-preview"

DEMO_SERVER = McpServerConfig(
    "demo", command=sys.executable, args=("-m", "app.demo.mcp_server"), cwd=str(ROOT)
)


class Listener:
    """Records what the loop reports and answers approvals from a script."""

    def __init__(self, decisions: Callable[[PendingCall], Decision] = lambda call: "once") -> None:
        self.decide = decisions
        self.asked: list[list[str]] = []
        self.replies: list[Message] = []
        self.results: list[Message] = []
        self.records: list[CallRecord] = []
        self.notices: list[Text] = []

    def on_started(self, snapshot: Callable[[], Snapshot]) -> None:
        pass

    def on_event(self, event: StreamEvent) -> None:
        pass

    def on_retrying(self, retrying: Retrying) -> None:
        pass

    def on_turn_ended(self, outcome: TurnOutcome) -> None:
        pass

    def on_reply(self, reply: Message) -> None:
        self.replies.append(reply)

    def on_tool_results(self, message: Message) -> None:
        self.results.append(message)

    def on_call_started(self, call: PendingCall) -> None:
        pass

    def on_call_progress(
        self, call: PendingCall, done: float, total: float | None, message: str | None
    ) -> None:
        pass

    def on_call_finished(self, record: CallRecord) -> None:
        self.records.append(record)

    def on_notice(self, text: Text) -> None:
        self.notices.append(text)

    async def ask(self, calls: Sequence[PendingCall]) -> Sequence[Decision]:
        self.asked.append([c.key for c in calls])
        return [self.decide(c) for c in calls]


def _run(
    store: ConversationStore,
    gateway: GatewayDouble,
    host: McpHost,
    prompt: str,
    *,
    listener: Listener | None = None,
    servers: Sequence[McpServerConfig] = (DEMO_SERVER,),
    tool_settings: dict[str, Any] | None = None,
    conversation_settings: dict[str, Any] | None = None,
    model: str = MODEL,
) -> tuple[TurnOutcome, Listener, int]:
    listener = listener or Listener()
    settings = ToolSettings.from_dict({**(tool_settings or {})})
    settings = ToolSettings(**{**settings.__dict__, "servers": tuple(servers)})
    always: list[str] = []
    service = ToolService(lambda: host, lambda: settings)
    runner = TurnRunner(store)
    loop = ToolLoop(store, runner, service, remember_always=always.append)
    conversation = store.create("tools", model, conversation_settings or {})
    store.add_message(conversation.id, "user", [{"text": prompt}], prompt)
    reply = runner.begin_reply(conversation.id, model)
    config = ClientConfig(base_url=gateway.base_url, api_key="test-key", proxy=ProxyConfig(mode="none"))

    async def scenario() -> TurnOutcome:
        client = GeminiClient(config)
        try:
            return await loop.run(client, conversation.id, reply, model, listener)
        finally:
            await client.aclose()

    return asyncio.run(scenario()), listener, conversation.id


def _stream_bodies(gateway: GatewayDouble) -> list[dict[str, Any]]:
    return [r.body for r in gateway.requests if r.path.endswith(":streamGenerateContent")]


def _model_turns(body: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [c["parts"] for c in body["contents"] if c["role"] == "model"]


def _responses(body: dict[str, Any]) -> list[dict[str, Any]]:
    last = body["contents"][-1]
    assert last["role"] == "user"
    return [p["functionResponse"] for p in last["parts"]]


def test_what_time_is_it_in_tokyo_calls_the_tool_and_answers(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    outcome, listener, conversation_id = _run(store, gateway, host, "What time is it in Tokyo?")
    assert outcome.status == "complete"
    assert listener.asked == [["demo/get_time"]]
    first, second = _stream_bodies(gateway)
    # Declared with full JSON Schema for a Gemini 3 model.
    declarations = first["tools"][-1]["functionDeclarations"]
    assert {d["name"] for d in declarations} == {"get_time", "calculate"}
    assert all("parametersJsonSchema" in d and "parameters" not in d for d in declarations)
    # The model turn goes back as the double sent it: thought + call with id and signature.
    [echoed] = _model_turns(second)
    call_part = next(p for p in echoed if "functionCall" in p)
    assert call_part == {
        "functionCall": {"name": "get_time", "args": {"zone": "Tokyo"}, "id": "call-30-0"},
        "thoughtSignature": signature(30),
    }
    [response] = _responses(second)
    assert response["name"] == "get_time" and response["id"] == "call-30-0"
    assert response["response"]["output"]["zone"] == "Asia/Tokyo"
    assert "Asia/Tokyo" in outcome.snapshot.text and "It is **" in outcome.snapshot.text
    # Stored as ordinary messages: question, call, responses, answer; visible and replayable after a restart.
    roles = [(m.role, m.status) for m in store.list_messages(conversation_id)]
    assert roles == [("user", "complete"), ("model", "complete"), ("user", "complete"), ("model", "complete")]
    [tool_meta] = store.list_messages(conversation_id)[2].meta[TOOL_CALLS_META]
    assert tool_meta["server"] == "demo" and tool_meta["outcome"] == "ok" and tool_meta["decision"] == "once"


def test_parallel_calls_are_answered_together_in_order_with_their_ids(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    outcome, listener, _ = _run(store, gateway, host, "/tools parallel")
    assert outcome.status == "complete"
    assert listener.asked == [["demo/get_time", "demo/get_time", "demo/calculate"]]
    _, second = _stream_bodies(gateway)
    responses = _responses(second)
    assert [(r["name"], r["id"]) for r in responses] == [
        ("get_time", "call-31-0"),
        ("get_time", "call-31-1"),
        ("calculate", "call-31-2"),
    ]
    assert responses[1]["response"]["output"]["zone"] == "Europe/London"
    assert responses[2]["response"]["output"] == {"result": 42.0}
    [echoed] = _model_turns(second)
    assert [p.get("thoughtSignature") for p in echoed if "functionCall" in p] == [signature(31), None, None]


def test_multi_step_calls_echo_every_model_turn(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    outcome, listener, conversation_id = _run(
        store, gateway, host, "/tools steps", listener=Listener(lambda call: "conversation")
    )
    assert outcome.status == "complete"
    bodies = _stream_bodies(gateway)
    assert len(bodies) == 3
    third_turns = _model_turns(bodies[2])
    assert [p["thoughtSignature"] for turn in third_turns for p in turn if "thoughtSignature" in p] == [
        signature(30),
        signature(32),
    ]
    assert _model_turns(bodies[1]) == third_turns[:1]  # the first turn comes back the same both times
    # "Allow for this conversation" asked once per tool, kept in the conversation.
    assert listener.asked == [["demo/get_time"], ["demo/calculate"]]
    conversation = store.get(conversation_id)
    assert conversation is not None
    assert set(GenerationSettings.from_dict(conversation.settings).tool_approvals) == {
        "demo/get_time",
        "demo/calculate",
    }


def test_a_denied_call_goes_back_as_an_error_and_the_tool_never_runs(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    outcome, listener, _ = _run(store, gateway, host, "/tools", listener=Listener(lambda call: "deny"))
    assert outcome.status == "complete"
    _, second = _stream_bodies(gateway)
    [response] = _responses(second)
    assert response["id"] == "call-30-0"
    assert "denied" in response["response"]["error"]
    assert [r.outcome.outcome for r in listener.records] == ["denied"]


def test_always_allowed_tools_run_without_asking(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    outcome, listener, _ = _run(
        store, gateway, host, "/tools", tool_settings={"always_allowed": ["demo/get_time"]}
    )
    assert outcome.status == "complete"
    assert listener.asked == []
    assert [r.decision for r in listener.records] == ["preapproved"]


def test_the_step_limit_stops_the_loop_with_a_notice(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    outcome, listener, _ = _run(store, gateway, host, "/tools steps", tool_settings={"step_limit": 1})
    assert outcome.status == "complete"
    assert len(_stream_bodies(gateway)) == 2
    assert [n.code for n in listener.notices] == ["tools.step_limit"]


def test_a_conversation_with_tools_off_sends_no_declarations(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    outcome, listener, _ = _run(store, gateway, host, "/tools", conversation_settings={"mcp_tools": []})
    assert outcome.status == "complete"
    [body] = _stream_bodies(gateway)
    assert "tools" not in body
    assert listener.asked == []


def test_a_400_on_json_schema_is_retried_with_the_openapi_parameters(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    refused = Scenario(
        "refuses-json-schema",
        status=400,
        error={
            "error": {
                "code": 400,
                "message": 'Invalid JSON payload received. Unknown name "parametersJsonSchema"',
                "status": "INVALID_ARGUMENT",
            }
        },
    )
    gateway.queue_scenarios(refused)
    outcome, _listener, conversation_id = _run(store, gateway, host, "/tools")
    assert outcome.status == "complete"
    first, second, third = _stream_bodies(gateway)
    assert all("parametersJsonSchema" in d for d in first["tools"][-1]["functionDeclarations"])
    declarations = second["tools"][-1]["functionDeclarations"]
    assert all("parameters" in d and "parametersJsonSchema" not in d for d in declarations)
    get_time = next(d for d in declarations if d["name"] == "get_time")
    assert get_time["parameters"]["type"] == "OBJECT"
    assert get_time["parameters"]["properties"]["zone"]["type"] == "STRING"
    assert "parameters" in third["tools"][-1]["functionDeclarations"][0]
    statuses = [m.status for m in store.list_messages(conversation_id)]
    assert "error" not in statuses  # the refused attempt is not kept


def test_tool_failures_go_back_as_errors(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    command, args = stdio_command()
    server = McpServerConfig("t", command=command, args=args)
    calls: list[dict[str, Any]] = [
        {
            "functionCall": {"name": "fail", "args": {"reason": "r"}, "id": "a"},
            "thoughtSignature": signature(1),
        },
        {"functionCall": {"name": "hang", "args": {}, "id": "b"}},
        {"functionCall": {"name": "huge", "args": {"size": 50_000}, "id": "c"}},
        {"functionCall": {"name": "image", "args": {}, "id": "d"}},
        {"functionCall": {"name": "nonexistent", "args": {}, "id": "e"}},
    ]
    gateway.queue_scenarios(
        Scenario("calls", chunks=[chunk(calls, usage_metadata=usage(10, 10), finish_reason="STOP")]),
        Scenario(
            "answer", chunks=[chunk([{"text": "ok"}], usage_metadata=usage(10, 1), finish_reason="STOP")]
        ),
    )
    # The time limit is what makes "hang" fail; the others must finish within it also on a loaded machine,
    # where a 50 KB result through the MCP session once took more than 2 s.
    outcome, listener, _ = _run(
        store, gateway, host, "go", servers=[server], tool_settings={"timeout": 6, "result_limit": 1000}
    )
    assert outcome.status == "complete"
    # Functions were offered: the undeclared name goes back to the model as an error, which the call card
    # shows; no turn gets the "not offered here, nothing was run" notice of an answer without tools.
    assert not any(stored_tool_notices(m.meta) for m in store.path_to(outcome.message.id))
    _, second = _stream_bodies(gateway)
    fail, hang, huge, image, unknown = _responses(second)
    assert "error" in fail["response"]
    assert "did not answer in time" in hang["response"]["error"]
    assert len(huge["response"]["output"]) == 1000 and "cut to 1000" in huge["response"]["note"]
    assert image["parts"] == [
        {"inlineData": {"mimeType": "image/png", "data": image["parts"][0]["inlineData"]["data"]}}
    ]
    assert "No tool of this name" in unknown["response"]["error"]
    assert [r.outcome.outcome for r in listener.records if r.pending.tool == "hang"] == ["timeout"]


def test_images_are_left_out_with_a_note_for_a_model_without_multimodal_responses(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    command, args = stdio_command()
    server = McpServerConfig("t", command=command, args=args)
    calls = [{"functionCall": {"name": "image", "args": {}}}]
    gateway.queue_scenarios(
        Scenario("calls", chunks=[chunk(calls, usage_metadata=usage(10, 10), finish_reason="STOP")]),
        Scenario(
            "answer", chunks=[chunk([{"text": "ok"}], usage_metadata=usage(10, 1), finish_reason="STOP")]
        ),
    )
    _run(store, gateway, host, "go", servers=[server], model="gemini-2.5-flash")
    _, second = _stream_bodies(gateway)
    [image] = _responses(second)
    assert "parts" not in image and "id" not in image
    assert "does not accept images" in image["response"]["note"]


def test_a_server_that_cannot_start_is_reported_and_the_reply_goes_on(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    command, args = stdio_command("--fail-start")
    broken = McpServerConfig("broken", command=command, args=args)
    outcome, listener, _ = _run(store, gateway, host, "hello", servers=[broken])
    assert outcome.status == "complete"
    [notice] = listener.notices
    assert notice.code == "tools.server_failed"
    assert "permission denied" in str(notice.params["stderr"])
    assert notice.params["error"] == Text("tools.failure.exited")


def test_a_server_that_ends_without_a_word_is_reported_without_promising_its_output(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    # "Its last output:" followed by nothing, and "its last output, below, says why" with nothing below.
    silent = McpServerConfig("silent", command=sys.executable, args=("-c", "pass"))
    outcome, listener, _ = _run(store, gateway, host, "hello", servers=[silent])
    assert outcome.status == "complete"
    [notice] = listener.notices
    assert notice.code == "tools.server_failed.silent"
    for language in ("en", "zh_CN"):
        said = render(notice, language)
        assert "output:" not in said and "below" not in said and "输出：" not in said and "下方" not in said
    assert render(notice, "en") == (
        "The tool server silent could not start (The server ended before it answered.). It printed nothing."
    )


CAPTURED = [
    "adk_31pro_parallel_fc.sse",
    "adk_3flash_parallel_fc.sse",
    "fb_googleai_thinking_fc_signature.sse",
]


@pytest.mark.parametrize("name", CAPTURED)
def test_recorded_gemini_3_calls_go_back_with_every_signature_byte_for_byte(
    name: str, store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    path = CAPTURES / name
    if not path.exists():
        pytest.skip("the recorded streams are not here")
    raw = path.read_bytes()
    gateway.queue_scenarios(
        Scenario("captured", raw_body=raw, content_type="text/event-stream"),
        Scenario(
            "answer", chunks=[chunk([{"text": "ok"}], usage_metadata=usage(10, 1), finish_reason="STOP")]
        ),
    )
    outcome, _listener, _ = _run(store, gateway, host, "go", servers=[DEMO_SERVER])
    assert outcome.status == "complete"
    _, second = _stream_bodies(gateway)
    [echoed] = _model_turns(second)
    sent_parts = [
        part
        for line in raw.decode().splitlines()
        if line.startswith("data:")
        for candidate in json.loads(line[5:]).get("candidates", [])
        for part in candidate.get("content", {}).get("parts", [])
    ]
    signatures = [p["thoughtSignature"] for p in sent_parts if "thoughtSignature" in p]
    assert signatures, "the recording holds signatures"
    assert [p["thoughtSignature"] for p in echoed if "thoughtSignature" in p] == signatures
    for part in sent_parts:
        if "functionCall" in part:
            assert part in echoed  # each call part exactly as sent (name, args, id, signature)
    calls = [p["functionCall"] for p in sent_parts if "functionCall" in p]
    responses = _responses(second)
    assert [(r["name"], r.get("id")) for r in responses] == [(c["name"], c.get("id")) for c in calls]


def test_calls_and_results_are_exported_replayed_and_imported_without_approvals(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    from app.core.chat.export import markdown_export
    from app.core.chat.export_json import json_document, json_text
    from app.core.chat.history import build_contents
    from app.core.chat.importer import parse_export

    _, _, conversation_id = _run(
        store, gateway, host, "What time is it in Tokyo?", listener=Listener(lambda call: "conversation")
    )
    conversation = store.get(conversation_id)
    assert conversation is not None
    messages = store.list_messages(conversation_id)
    assert GenerationSettings.from_dict(conversation.settings).tool_approvals == ("demo/get_time",)
    # Replayed in a later request: call turn (signature kept), responses, answer.
    contents = build_contents(messages)
    assert [c["role"] for c in contents] == ["user", "model", "user", "model"]
    assert any(p.get("thoughtSignature") == signature(30) for p in contents[1]["parts"])
    assert contents[2]["parts"][0]["functionResponse"]["id"] == "call-30-0"
    document = json_document([(conversation, messages)], exported_at=0.0)
    markdown = markdown_export([(conversation, messages)], media_folder="m", exported_at=0.0).text
    assert "get_time" in markdown and "Asia/Tokyo" in markdown
    [imported] = parse_export(json_text(document))
    assert "tool_approvals" not in imported.settings
    assert "mcp_tools" not in imported.settings  # which of this machine's servers are on is its own choice
    assert [m.parts for m in imported.messages] == [m.parts for m in messages]
    # A crafted file hides 200 KB and a PDF behind a result the transcript shows as a short preview.
    crafted = json.loads(json_text(document))
    [response] = crafted["conversations"][0]["messages"][2]["parts"]
    response["functionResponse"]["response"] = {"output": "x" * 200_000}
    pdf = {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0="}}
    png = {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}
    response["functionResponse"]["parts"] = [pdf, png]
    [held] = parse_export(json.dumps(crafted))
    [kept] = held.messages[2].parts
    assert len(json.dumps(kept["functionResponse"]["response"])) < 40_000
    assert "cut" in kept["functionResponse"]["response"]["note"]
    assert kept["functionResponse"]["parts"] == [png]


def test_a_refused_mix_of_native_tools_and_functions_says_what_to_change(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    refused = Scenario(
        "refuses-mix",
        status=400,
        error={
            "error": {
                "code": 400,
                "message": "Tool use with function calling is unsupported",
                "status": "INVALID_ARGUMENT",
            }
        },
    )
    gateway.queue_scenarios(refused)
    outcome, listener, _ = _run(store, gateway, host, "/tools", conversation_settings={"google_search": True})
    assert outcome.status == "error"
    assert outcome.error is not None and outcome.error.status == 400
    assert "Tool use with function calling is unsupported" in str(outcome.error)
    [body] = _stream_bodies(gateway)
    assert [next(iter(t)) for t in body["tools"]] == ["googleSearch", "functionDeclarations"]
    assert [n.code for n in listener.notices] == ["tools.native_refused.hint"]


def test_a_call_streamed_in_pieces_runs_with_its_assembled_arguments(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    # Vertex's streamFunctionCallArguments: the name, then the argument in two pieces, then an empty end.
    def piece(value: str, more: bool) -> dict[str, Any]:
        argument = {"jsonPath": "$.zone", "stringValue": value, **({"willContinue": True} if more else {})}
        return {"functionCall": {"partialArgs": [argument], "willContinue": True}}

    pieces = [
        {"functionCall": {"name": "get_time", "willContinue": True}, "thoughtSignature": signature(8)},
        piece("Tok", True),
        piece("yo", False),
        {"functionCall": {}},
    ]
    gateway.queue_scenarios(
        Scenario(
            "pieces", chunks=[*(chunk([p]) for p in pieces[:-1]), chunk(pieces[-1:], finish_reason="STOP")]
        ),
        Scenario(
            "answer", chunks=[chunk([{"text": "ok"}], usage_metadata=usage(10, 1), finish_reason="STOP")]
        ),
    )
    outcome, listener, _ = _run(store, gateway, host, "go")
    assert outcome.status == "complete"
    assert [r.pending.arguments for r in listener.records] == [{"zone": "Tokyo"}]
    _, second = _stream_bodies(gateway)
    [echoed] = _model_turns(second)
    assert echoed == [
        {"functionCall": {"name": "get_time", "args": {"zone": "Tokyo"}}, "thoughtSignature": signature(8)}
    ]
    [response] = _responses(second)
    assert response["name"] == "get_time" and response["response"]["output"]["zone"] == "Asia/Tokyo"


class _SwitchingListener(Listener):
    """A user who, while the first call waits for approval, switches to another version of the answer."""

    def __init__(self, store: ConversationStore, other_version: int) -> None:
        super().__init__(lambda call: "conversation")
        self._store = store
        self._other_version = other_version

    async def ask(self, calls: Sequence[PendingCall]) -> Sequence[Decision]:
        if not self.asked:
            self._store.choose(self._other_version)
        return await super().ask(calls)


def test_a_tool_loop_goes_on_below_its_own_turn_when_the_user_switches_versions(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    settings = ToolSettings(servers=(DEMO_SERVER,))
    runner = TurnRunner(store)
    loop = ToolLoop(store, runner, ToolService(lambda: host, lambda: settings))
    conversation = store.create("tools", MODEL, {})
    prompt = "/tools steps"
    question = store.add_message(conversation.id, "user", [{"text": prompt}], prompt)
    older = store.add_message(conversation.id, "model", [{"text": "An older answer."}], "An older answer.")
    reply = runner.begin_reply(conversation.id, MODEL, answering=question.id)  # Regenerate: a new version
    listener = _SwitchingListener(store, older.id)
    config = ClientConfig(base_url=gateway.base_url, api_key="test-key", proxy=ProxyConfig(mode="none"))

    async def scenario() -> TurnOutcome:
        client = GeminiClient(config)
        try:
            return await loop.run(client, conversation.id, reply, MODEL, listener)
        finally:
            await client.aclose()

    outcome = asyncio.run(scenario())
    assert outcome.status == "complete"
    assert listener.asked == [["demo/get_time"], ["demo/calculate"]]
    tree = store.tree(conversation.id)
    # The user's choice holds: the transcript still shows the older answer.
    assert tree.selected_path() == [question.id, older.id]
    # Every step hangs below the turn it answers, in the loop's own branch.
    first_results, second_reply = listener.results[0], listener.replies[0]
    second_results, last_reply = listener.results[1], listener.replies[1]
    assert tree.ancestry(outcome.message.id) == [
        question.id,
        reply.id,
        first_results.id,
        second_reply.id,
        second_results.id,
        last_reply.id,
    ]
    assert tree.versions(reply.id) == [older.id, reply.id]
    # No request carried the older answer: each sent the loop's own path.
    for body in _stream_bodies(gateway):
        assert "An older answer." not in json.dumps(body)
    third = _stream_bodies(gateway)[2]
    assert [c["role"] for c in third["contents"]] == ["user", "model", "user", "model", "user"]
    # Switching back shows the whole loop.
    store.choose(reply.id)
    assert store.tree(conversation.id).selected_path()[-1] == last_reply.id


def test_a_server_offering_too_many_and_too_large_tools_is_capped_in_the_request_and_the_user_told(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    # A real server listing a tool with a 200 KB schema, then 300 more tools.
    command, args = stdio_command("--huge-schema=200000", "--many=300")
    hostile = McpServerConfig("hostile", command=command, args=args)
    outcome, listener, conversation_id = _run(store, gateway, host, "hello", servers=[hostile])
    assert outcome.status == "complete"
    [body] = _stream_bodies(gateway)
    [request] = [r for r in gateway.requests if r.path.endswith(":streamGenerateContent")]
    declared = body["tools"][-1]["functionDeclarations"]
    names = [d["name"] for d in declared]
    assert len(names) == 128 and "huge_schema" not in names
    assert names[:2] == ["echo", "add"]  # the server's own order: its first tools are kept
    assert len(json.dumps(declared).encode()) <= 512 * 1024
    assert request.body_size < 600 * 1024
    codes = {n.code: n for n in listener.notices}
    assert set(codes) == {"tools.left_out.too_large", "tools.left_out.too_many"}
    assert codes["tools.left_out.too_large"].params["tools"] == "hostile/huge_schema"
    assert codes["tools.left_out.too_many"].params["count"] == 313 - 1 - 128
    # Kept with the answer, so they are still there under it after a restart.
    [*_, reply] = store.list_messages(conversation_id)
    assert {n.code for n in stored_tool_notices(reply.meta)} == set(codes)
