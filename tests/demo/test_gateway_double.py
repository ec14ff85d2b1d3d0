"""The gateway double speaks PROTOCOL-NOTES §7: endpoints, auth, scenario choice and exact wire bytes."""

from __future__ import annotations

import base64
import http.client
import itertools
import json
import socket
import struct
import time
import zlib
from typing import Any
from urllib.parse import urlsplit

import pytest

from app.demo import content, failures
from app.demo.framing import merge_chunks, plan_stream
from app.demo.png import PNG_SIGNATURE
from app.demo.responses import BANNER
from app.demo.scenario import Scenario
from app.demo.scenarios import SCENARIOS
from app.demo.server import GatewayDouble

STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent"
GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent"
BODY = {"contents": [{"role": "user", "parts": [{"text": "Explain streaming, 请用中文 too"}]}]}
AUTH = {"Authorization": "Bearer test-key"}
SLOW = {
    "stall",
    "drip",
    "slow-first-byte",
    "slow-chunks",
    "keepalive-stall",
    "finish-then-keepalive",
    "finish-then-silence",
}


def call(
    gw: GatewayDouble,
    method: str,
    path: str,
    body: Any = BODY,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPResponse, bytes]:
    """Send one request with http.client and read the whole answer."""
    url = urlsplit(gw.base_url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
    payload = None if body is None or method == "GET" else json.dumps(body, ensure_ascii=False).encode()
    connection.request(method, path, body=payload, headers={**AUTH, **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response, data


def raw_chunks(gw: GatewayDouble, path: str, headers: dict[str, str]) -> tuple[bytes, list[bytes], bool]:
    """POST over a bare socket and return (head, the chunks of the chunked body, whether it ended cleanly)."""
    url = urlsplit(gw.base_url)
    payload = json.dumps(BODY).encode()
    lines = [f"POST {path} HTTP/1.1", f"Host: {url.netloc}", "Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in {**AUTH, **headers}.items()]
    lines += [f"Content-Length: {len(payload)}", "", ""]
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall("\r\n".join(lines).encode() + payload)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    chunks: list[bytes] = []
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return head, chunks, True
        chunks.append(rest[:size])
        rest = rest[size + 2 :]
    return head, chunks, False


def sse_objects(data: bytes, newline: bytes = b"\r\n") -> list[dict[str, Any]]:
    events = [e for e in data.split(newline + newline) if e]
    return [json.loads(e.removeprefix(b"data: ")) for e in events if e.startswith(b"data: {")]


def answer_text(objects: list[dict[str, Any]]) -> str:
    return "".join(
        part.get("text", "")
        for obj in objects
        for candidate in obj.get("candidates", [])
        for part in candidate.get("content", {}).get("parts", [])
        if not part.get("thought")
    )


# -- endpoints -------------------------------------------------------------------------------------


def test_scripted_chat_streams_google_sse_with_crlf_and_echoes_the_prompt(gateway: GatewayDouble) -> None:
    status, response, data = call(gateway, "POST", STREAM + "?alt=sse")

    assert status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    assert data.endswith(b"\r\n\r\n") and b"\n\n" not in data.replace(b"\r\n", b"")
    objects = sse_objects(data)
    assert len(objects) > 2
    text = answer_text(objects)
    assert text.startswith(BANNER)
    assert "Explain streaming, 请用中文 too" in text
    assert "演示网关" in text  # a CJK prompt gets a Chinese paragraph
    totals = [obj["usageMetadata"]["totalTokenCount"] for obj in objects]
    assert totals == sorted(totals) and totals[0] < totals[-1]  # cumulative, never per chunk
    assert [obj["candidates"][0].get("finishReason") for obj in objects][-2:] == [None, "STOP"]
    assert len({obj["responseId"] for obj in objects}) == 1


def test_stream_route_without_alt_sse_answers_a_pretty_json_array(gateway: GatewayDouble) -> None:
    status, response, data = call(gateway, "POST", STREAM)

    assert status == 200
    assert response.getheader("Content-Type", "").startswith("application/json")
    assert data.startswith(b'[{\n  "candidates"') and data.endswith(b"}\r\n]")
    assert b"\r\n,\r\n" in data
    objects = json.loads(data)
    assert answer_text(objects).startswith(BANNER)


def test_generate_content_answers_a_title_request_with_a_short_title(gateway: GatewayDouble) -> None:
    prompt = "Give a short title for this conversation:\nUser: 如何在家烤面包"
    body = {"contents": [{"role": "user", "parts": [{"text": prompt}]}]}
    status, _, data = call(gateway, "POST", GENERATE, body)

    obj = json.loads(data)
    assert status == 200
    assert obj["candidates"][0]["content"]["parts"] == [{"text": "如何在家烤面包"}]
    assert obj["candidates"][0]["finishReason"] == "STOP"


def test_v1_models_lists_chat_non_chat_and_scenario_models_and_can_be_switched_off(
    gateway: GatewayDouble,
) -> None:
    status, _, data = call(gateway, "GET", "/v1/models")
    listing = json.loads(data)
    ids = [model["id"] for model in listing["data"]]

    assert status == 200 and listing["success"] is True and listing["object"] == "list"
    assert {"gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-pro-preview"} <= set(ids)
    assert "gemini-2.5-flash-image" in ids
    assert {"text-embedding-004", "imagen-4.0-generate-001", "veo-3.0-generate-001"} <= set(ids)
    assert "demo-scenario-thoughts" in ids
    assert all("supported_endpoint_types" in model and "owned_by" in model for model in listing["data"])

    gateway.v1_models_available = False
    assert call(gateway, "GET", "/v1/models")[0] == 404


def test_v1beta_models_is_gemini_shaped_with_the_models_prefix(gateway: GatewayDouble) -> None:
    status, _, data = call(gateway, "GET", "/v1beta/models")

    names = [model["name"] for model in json.loads(data)["models"]]
    assert status == 200
    assert "models/gemini-2.5-pro" in names and all(name.startswith("models/") for name in names)


def test_unknown_path_answers_404_json(gateway: GatewayDouble) -> None:
    status, _, data = call(gateway, "GET", "/v1/chat/nothing")

    assert status == 404
    assert "Invalid URL" in json.loads(data)["error"]["message"]


def test_system_role_in_contents_is_refused_like_google(gateway: GatewayDouble) -> None:
    body = {"contents": [{"role": "system", "parts": [{"text": "be brief"}]}]}
    status, _, data = call(gateway, "POST", STREAM + "?alt=sse", body)

    assert status == 400
    assert json.loads(data)["error"]["status"] == "INVALID_ARGUMENT"


# -- authentication and the request log ------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({}, "", 200),
        ({"Authorization": "Bearer wrong-key"}, "", 401),
        ({"Authorization": ""}, "", 401),
        ({"Authorization": "Bearer wrong-key", "x-goog-api-key": "test-key"}, "", 200),
        ({"Authorization": "Bearer wrong-key"}, "&key=test-key", 200),
        ({"x-goog-api-key": "nope"}, "", 401),
    ],
)
def test_auth_accepts_bearer_goog_header_and_query_key(
    gateway: GatewayDouble, headers: dict[str, str], query: str, expected: int
) -> None:
    status, _, data = call(gateway, "POST", STREAM + "?alt=sse" + query, headers=headers)

    assert status == expected
    if expected == 401:
        error = json.loads(data)["error"]
        assert error["message"].startswith("无效的令牌 (request id: ")
        assert (error["type"], error["code"], error["param"]) == ("new_api_error", "", "")


def test_any_key_is_accepted_when_the_double_has_no_key() -> None:
    with GatewayDouble(None) as gw:
        assert call(gw, "POST", STREAM + "?alt=sse", headers={"Authorization": ""})[0] == 200


def test_v1_models_with_only_the_goog_header_answers_200_with_an_error_body(gateway: GatewayDouble) -> None:
    headers = {"Authorization": "", "x-goog-api-key": "test-key"}
    status, _, data = call(gateway, "GET", "/v1/models", headers=headers)

    assert status == 200
    assert "error" in json.loads(data)


def test_request_log_masks_keys_and_keeps_the_parsed_body(gateway: GatewayDouble) -> None:
    call(gateway, "POST", STREAM + "?alt=sse&key=test-key", headers={"x-goog-api-key": "test-key"})
    gateway.wait_for_requests(1, timeout=30)  # a bound on a hang only: the machine may be loaded

    recorded = gateway.requests[0]
    assert recorded.method == "POST" and recorded.path == STREAM
    assert recorded.query == {"alt": "sse", "key": "test****"}
    assert recorded.headers["authorization"] == "Bearer test****"
    assert recorded.headers["x-goog-api-key"] == "test****"
    assert "test-key" not in repr(recorded)
    assert recorded.body == BODY


def test_wait_for_requests_times_out_when_too_few_arrive(gateway: GatewayDouble) -> None:
    with pytest.raises(TimeoutError):
        gateway.wait_for_requests(1, timeout=0.1)


# -- choosing the scenario -------------------------------------------------------------------------


def test_queued_scenarios_are_consumed_in_order_before_the_set_one(gateway: GatewayDouble) -> None:
    gateway.set_scenario("sse-lf")
    gateway.queue_scenarios("429-zh", "500-google")

    statuses = [call(gateway, "POST", STREAM + "?alt=sse")[0] for _ in range(3)]
    last = call(gateway, "POST", STREAM + "?alt=sse")[1]

    assert statuses == [429, 500, 200]
    assert last.getheader("X-Demo-Scenario") == "sse-lf"


def test_header_beats_queue_and_model_name_picks_a_scenario(gateway: GatewayDouble) -> None:
    gateway.queue_scenarios("401-en")
    by_header = call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "403-zh"})
    queued = call(gateway, "POST", STREAM + "?alt=sse")
    model_path = "/v1beta/models/demo-scenario-blocked-prompt:streamGenerateContent?alt=sse"
    by_model = call(gateway, "POST", model_path)
    gateway.set_scenario(None)
    default = call(gateway, "POST", STREAM + "?alt=sse")

    assert by_header[0] == 403 and "该令牌无权访问模型 gemini-2.5-flash" in by_header[2].decode()
    assert queued[0] == 401 and "Invalid token" in queued[2].decode()
    assert sse_objects(by_model[2])[0]["promptFeedback"]["blockReason"] == "SAFETY"
    assert default[1].getheader("X-Demo-Scenario") == "scripted-chat"


def test_unknown_scenario_names_are_refused_early(gateway: GatewayDouble) -> None:
    with pytest.raises(KeyError):
        gateway.set_scenario("no-such-scenario")
    assert call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "nope"})[0] == 400


def test_prompt_command_triggers_an_error_scenario(gateway: GatewayDouble) -> None:
    body = {"contents": [{"role": "user", "parts": [{"text": "please /error 429"}]}]}
    assert call(gateway, "POST", STREAM + "?alt=sse", body)[0] == 429


@pytest.mark.parametrize("name", sorted(set(SCENARIOS) - SLOW))
def test_every_registered_scenario_answers(gateway: GatewayDouble, name: str) -> None:
    scenario = SCENARIOS[name]()
    try:
        status, response, _ = call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": name})
    except http.client.IncompleteRead:
        assert scenario.fault is not None and scenario.fault.kind == "cut"
        return
    assert scenario.name == name
    assert status == scenario.status
    assert response.getheader("X-Demo-Scenario") == name


# -- wire bytes ------------------------------------------------------------------------------------


def test_sse_lf_uses_lf_and_go_style_compact_json(gateway: GatewayDouble) -> None:
    _, _, data = call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "sse-lf"})

    assert b"\r" not in data and data.endswith(b"\n\n")
    assert data.startswith(b'data: {"candidates":[{"content":{"parts":[{"text":')
    assert answer_text(sse_objects(data, b"\n")) == content.SAMPLE_TEXT


def test_ping_done_sends_comments_and_a_final_done(gateway: GatewayDouble) -> None:
    _, _, data = call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "ping-done"})

    assert data.startswith(b": PING\n\n")
    assert data.endswith(b"data: [DONE]\n\n")


def test_split_bytes_splits_inside_characters_and_between_cr_and_lf(gateway: GatewayDouble) -> None:
    head, chunks, complete = raw_chunks(gateway, STREAM + "?alt=sse", {"X-Demo-Scenario": "split-bytes"})

    assert head.startswith(b"HTTP/1.1 200") and complete
    assert {len(chunk) for chunk in chunks} == {1}
    assert any(0x80 <= chunk[0] <= 0xBF for chunk in chunks)  # a lone continuation byte
    assert any(a == b"\r" and b == b"\n" for a, b in itertools.pairwise(chunks))
    assert answer_text(sse_objects(b"".join(chunks))) == content.SPLIT_TEXT


def test_split_random_cuts_varied_pieces_that_reassemble(gateway: GatewayDouble) -> None:
    _, chunks, complete = raw_chunks(gateway, STREAM + "?alt=sse", {"X-Demo-Scenario": "split-random"})

    sizes = {len(chunk) for chunk in chunks}
    assert complete and len(sizes) > 5 and max(sizes) <= 48
    assert answer_text(sse_objects(b"".join(chunks))) == content.SPLIT_TEXT


def test_grounding_offsets_are_utf8_byte_offsets(gateway: GatewayDouble) -> None:
    _, _, data = call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "grounding-cjk"})
    objects = sse_objects(data)
    encoded = answer_text(objects).encode()
    metadata = objects[-1]["candidates"][0]["groundingMetadata"]

    assert metadata["webSearchQueries"] and metadata["searchEntryPoint"]["renderedContent"]
    assert all(chunk["web"]["uri"].startswith("https://") for chunk in metadata["groundingChunks"])
    for support in metadata["groundingSupports"]:
        segment = support["segment"]
        assert encoded[segment["startIndex"] : segment["endIndex"]].decode() == segment["text"]
    assert any(ord(char) > 0x3000 for s in metadata["groundingSupports"] for char in s["segment"]["text"])


def test_image_is_a_multi_megabyte_line_holding_a_valid_png(gateway: GatewayDouble) -> None:
    _, _, data = call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "image"})
    inline = sse_objects(data)[-1]["candidates"][0]["content"]["parts"][0]["inlineData"]
    png = base64.b64decode(inline["data"], validate=True)

    assert inline["mimeType"] == "image/png" and len(inline["data"]) > 3_000_000
    assert png.startswith(PNG_SIGNATURE)
    length, kind = struct.unpack(">I4s", png[8:16])
    width, height = struct.unpack(">II", png[16:24])
    assert kind == b"IHDR" and length == 13
    assert struct.unpack(">I", png[29:33])[0] == zlib.crc32(png[12:29])
    idat_length = struct.unpack(">I", png[33:37])[0]
    assert len(zlib.decompress(png[41 : 41 + idat_length])) == height * (3 * width + 1)


def test_429_google_states_the_wait_only_in_retry_info_and_message(gateway: GatewayDouble) -> None:
    status, response, data = call(gateway, "POST", STREAM, headers={"X-Demo-Scenario": "429-google"})
    (error,) = json.loads(data)  # wrapped in a one-element array on the JSON-array route
    details = {detail["@type"].rsplit(".", 1)[1]: detail for detail in error["error"]["details"]}

    assert status == 429 and response.getheader("Retry-After") is None
    assert error["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert details["RetryInfo"]["retryDelay"] == "2s"
    assert "PerMinute" in details["QuotaFailure"]["violations"][0]["quotaId"]
    assert "Please retry in 2.0s" in error["error"]["message"]


def test_midstream_raw_error_follows_events_without_a_data_prefix(gateway: GatewayDouble) -> None:
    headers = {"X-Demo-Scenario": "midstream-raw-error"}
    _, _, data = call(gateway, "POST", STREAM + "?alt=sse", headers=headers)

    events, _, tail = data.rpartition(b"\r\n\r\n")
    assert len(sse_objects(events + b"\r\n\r\n")) == 2
    assert tail.startswith(b'{\n  "error": {') and json.loads(tail)["error"]["code"] == 500


def test_truncated_json_ends_cleanly_inside_an_object(gateway: GatewayDouble) -> None:
    _, chunks, complete = raw_chunks(gateway, STREAM + "?alt=sse", {"X-Demo-Scenario": "truncated-json"})
    last_line = b"".join(chunks).rsplit(b"\r\n\r\n", 1)[1]

    assert complete and last_line.startswith(b"data: {")
    with pytest.raises(ValueError):
        json.loads(last_line.removeprefix(b"data: "))


def test_cut_connection_never_finishes_the_body(gateway: GatewayDouble) -> None:
    _, chunks, complete = raw_chunks(gateway, STREAM + "?alt=sse", {"X-Demo-Scenario": "cut-connection"})

    assert not complete
    assert all("finishReason" not in obj["candidates"][0] for obj in sse_objects(b"".join(chunks)))


def test_slow_first_byte_delays_the_answer(gateway: GatewayDouble) -> None:
    gateway.set_scenario(content.slow_first_byte(0.3))
    started = time.monotonic()
    assert call(gateway, "POST", STREAM + "?alt=sse")[0] == 200
    assert time.monotonic() - started >= 0.3


def test_stop_ends_a_stall_promptly() -> None:
    gw = GatewayDouble()
    gw.start()
    gw.set_scenario(failures.stall(30))
    url = urlsplit(gw.base_url)
    payload = json.dumps(BODY).encode()
    request = (
        f"POST {STREAM}?alt=sse HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(request + payload)
        received = b""
        while received.count(b"data: ") < 2:
            received += sock.recv(65536)
        started = time.monotonic()
        gw.stop()
        try:
            while sock.recv(65536):
                pass
        except ConnectionResetError:
            pass
        # The stall lasts 30 s: a stop that waited for it is a gross failure, whatever the load.
        assert time.monotonic() - started < 15


def test_object_shape_merges_the_chunks_into_one_response() -> None:
    plan = plan_stream(content.single_object(), "object", model="m", response_id="r")
    (body,) = plan.writes
    assert isinstance(body, bytes)
    merged = json.loads(body)

    assert merged["candidates"][0]["content"]["parts"] == [{"text": content.SAMPLE_TEXT}]
    assert merged["candidates"][0]["finishReason"] == "STOP"
    assert merged == merge_chunks([merged])  # merging a single object changes nothing


def test_a_custom_scenario_object_can_be_served(gateway: GatewayDouble) -> None:
    gateway.set_scenario(Scenario("custom", "gateway-sse", [{"candidates": []}], done=True))
    _, _, data = call(gateway, "POST", STREAM + "?alt=sse")

    assert data.startswith(b'data: {"candidates":[],"modelVersion":"gemini-2.5-flash"')
    assert data.endswith(b"data: [DONE]\n\n")


# -- misbehaving gateways (issue 14) and the demo's own limits ----------------------------------------------


def test_sse_cr_ends_every_line_with_a_bare_cr(gateway: GatewayDouble) -> None:
    _, _, data = call(gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "sse-cr"})

    assert b"\n" not in data and data.endswith(b"}\r\r")
    assert answer_text(sse_objects(data, b"\r")) == content.SAMPLE_TEXT


def test_keepalive_stall_sends_only_comments_after_two_events(gateway: GatewayDouble) -> None:
    gateway.set_scenario(failures.keepalive_stall(seconds=0.5, every=0.1))
    _, chunks, complete = raw_chunks(gateway, STREAM + "?alt=sse", {})

    body = b"".join(chunks)
    assert not complete
    assert len(sse_objects(body, b"\n")) == 2
    tail = body[body.rindex(b"}\n\n") + 3 :]
    assert tail and tail.replace(b": PING\n\n", b"") == b"" and tail.count(b": PING") >= 4


def test_finish_unclosed_array_ends_cleanly_without_its_bracket(gateway: GatewayDouble) -> None:
    _, chunks, complete = raw_chunks(gateway, STREAM, {"X-Demo-Scenario": "finish-unclosed-array"})

    body = b"".join(chunks)
    assert complete and body.startswith(b"[{") and not body.rstrip().endswith(b"]")
    assert b'"finishReason": "STOP"' in body


def test_a_redirect_points_at_the_same_path_on_another_host(gateway: GatewayDouble) -> None:
    status, response, _ = call(
        gateway, "POST", STREAM + "?alt=sse", headers={"X-Demo-Scenario": "redirect-307"}
    )

    assert status == 307
    assert response.getheader("Location") == f"{failures.REDIRECT_HOST}{STREAM}?alt=sse"


def test_model_lists_can_be_redirected_one_path_at_a_time(gateway: GatewayDouble) -> None:
    gateway.redirect_model_list("/v1/models", "https://elsewhere.example/v1/models")
    status, response, _ = call(gateway, "GET", "/v1/models")
    assert status == 307 and response.getheader("Location") == "https://elsewhere.example/v1/models"
    assert call(gateway, "GET", "/v1beta/models")[0] == 200
    gateway.redirect_model_list("/v1/models", None)
    assert call(gateway, "GET", "/v1/models")[0] == 200


def test_a_body_over_the_cap_is_refused_unread_with_413() -> None:
    with GatewayDouble("test-key", max_body_bytes=1000) as gw:
        big = {"contents": [{"role": "user", "parts": [{"text": "x" * 5000}]}]}
        status, _, data = call(gw, "POST", STREAM + "?alt=sse", big)
        assert status == 413
        assert "request body too large" in json.loads(data)["error"]["message"]
        assert gw.requests == []
        assert call(gw, "POST", STREAM + "?alt=sse")[0] == 200  # a normal body still gets its answer


def test_the_demo_app_gateway_keeps_no_request_log() -> None:
    with GatewayDouble(None, record_requests=False) as gw:
        assert call(gw, "POST", STREAM + "?alt=sse")[0] == 200
        assert gw.requests == []
