"""From one HTTP request to a `Reply`: routes, authentication, validation and scenario framing.

Pure logic with no sockets: the server reads the request, asks the `Router`, and executes the reply.
Authentication follows new-api: ``x-goog-api-key`` and ``?key=`` override ``Authorization: Bearer``
on the Gemini routes, while ``/v1/models`` only looks at Bearer (and, given only ``x-goog-api-key``,
answers 200 with an error body, as new-api does).
"""

from __future__ import annotations

import base64
import os
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlencode

from app.demo import failures, framing, models
from app.demo.envelopes import google_error, new_api_error
from app.demo.framing import CONTENT_TYPES, StreamPlan
from app.demo.new_api import Catalog, DemoKeyQuota, QuotaRoutes, channel_of
from app.demo.scenario import JsonObject, Scenario, Shape
from app.demo.scenarios import MODEL_PREFIX, SCENARIOS, make_scenario
from app.demo.script import scripted_scenario

GEMINI_PREFIX = "/v1beta/models/"
STREAM_METHOD = "streamGenerateContent"
GENERATE_METHOD = "generateContent"
SCENARIO_HEADER = "x-demo-scenario"
_NEW_API_JSON = "application/json; charset=utf-8"
_GOOGLE_JSON = "application/json; charset=UTF-8"
TOKEN_USAGE_PATH = "/api/usage/token/"
_BILLING_PATHS = {
    "/dashboard/billing/subscription": "subscription",
    "/v1/dashboard/billing/subscription": "subscription",
    "/dashboard/billing/usage": "usage",
    "/v1/dashboard/billing/usage": "usage",
}


@dataclass(frozen=True)
class IncomingRequest:
    """A request as the router sees it (header names lower-case, nothing masked yet)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    raw_body: bytes = b""
    body: Any = None


@dataclass
class Reply:
    """What to send back: a fixed body (Content-Length) or a streamed plan (chunked)."""

    status: int
    content_type: str
    body: bytes | None = None
    plan: StreamPlan | None = None
    headers: dict[str, str] = field(default_factory=dict)
    first_byte_delay: float = 0.0


def new_request_id() -> str:
    """Return an id shaped like new-api's: a timestamp followed by random characters."""
    return time.strftime("%Y%m%d%H%M%S") + uuid.uuid4().hex[:16]


def new_response_id() -> str:
    """Return an id shaped like Google's ``responseId``."""
    return base64.urlsafe_b64encode(os.urandom(18)).decode().rstrip("=")[:23]


class Router:
    """Answers requests according to the gateway double's configuration.

    Args:
        api_key: the accepted key, or None to accept any key (or none).
        choose_scenario: returns the queued (consuming it) or configured scenario, or None; the
            router itself handles the ``X-Demo-Scenario`` header and ``demo-scenario-*`` models.
        scripted_delay: the pacing of scripted answers, in seconds between chunks.
    """

    def __init__(
        self, api_key: str | None, choose_scenario: Callable[[], Scenario | None], scripted_delay: float = 0.0
    ) -> None:
        self._api_key = api_key
        self._choose_scenario = choose_scenario
        self._scripted_delay = scripted_delay
        self.v1_models_available = True
        # Model list path -> where a 307 sends it (a gateway that moved, or redirects only one of the paths).
        self.model_list_redirects: dict[str, str] = {}
        self.catalog: Catalog = "gemini"
        self.quota_routes: QuotaRoutes = "none"
        self.key_quota = DemoKeyQuota()

    def route(self, request: IncomingRequest) -> Reply:
        """Answer one request."""
        quota = self._quota(request) if request.method == "GET" else None
        if quota is not None:
            return quota
        path = request.path.rstrip("/") or "/"
        if request.method == "GET" and path in self.model_list_redirects:
            return Reply(307, "text/html", body=b"", headers={"Location": self.model_list_redirects[path]})
        if request.method == "GET" and path == "/v1/models" and self.v1_models_available:
            return self._openai_models(request)
        if request.method == "GET" and path == "/v1beta/models":
            return self._authenticated(request, lambda: _json_reply(200, self._gemini_models()))
        if request.method == "POST" and path.startswith(GEMINI_PREFIX) and ":" in path:
            model, _, method = unquote(path[len(GEMINI_PREFIX) :]).rpartition(":")
            if method in (STREAM_METHOD, GENERATE_METHOD) and model:
                return self._authenticated(request, lambda: self._generate(request, model, method))
        message = f"Invalid URL ({request.method} {request.path})"
        return _new_api_reply(404, new_api_error(message, error_type="invalid_request_error"))

    def _quota(self, request: IncomingRequest) -> Reply | None:
        """new-api's quota routes, when this double offers them; None for any other request."""
        usage_route = self.quota_routes == "new-api"
        if usage_route and request.path == TOKEN_USAGE_PATH.rstrip("/"):
            # gin redirects to the registered path with the slash; a client following no redirects sees this.
            location = {"Location": TOKEN_USAGE_PATH}
            body = b'<a href="/api/usage/token/">Moved Permanently</a>.\n\n'
            return Reply(301, "text/html; charset=utf-8", body=body, headers=location)
        if usage_route and request.path == TOKEN_USAGE_PATH:
            if not self._key_ok(_bearer(request.headers)):
                return _json_reply(200, {"success": False, "message": "获取令牌信息失败"})
            return _json_reply(200, self.key_quota.token_usage())
        kind = _BILLING_PATHS.get(request.path) if self.quota_routes != "none" else None
        if kind is None:
            return None
        if not self._key_ok(_bearer(request.headers)):
            return self._unauthorized(request)
        quota = self.key_quota
        return _json_reply(200, quota.subscription() if kind == "subscription" else quota.usage())

    def _gemini_models(self) -> JsonObject:
        if self.catalog != "gemini":
            return models.new_api_gemini_list(SCENARIOS, MODEL_PREFIX)
        return models.gemini_list(self._models())

    def _models(self) -> list[models.ModelEntry]:
        return models.available_models(SCENARIOS, MODEL_PREFIX)

    def _key_ok(self, key: str | None) -> bool:
        return self._api_key is None or key == self._api_key

    def _unauthorized(self, request: IncomingRequest, status: int = 401) -> Reply:
        english = request.headers.get("accept-language", "").lower().startswith("en")
        return _new_api_reply(status, new_api_error("Invalid token" if english else "无效的令牌"))

    def _authenticated(self, request: IncomingRequest, answer: Callable[[], Reply]) -> Reply:
        key = request.query.get("key") or request.headers.get("x-goog-api-key") or _bearer(request.headers)
        return answer() if self._key_ok(key) else self._unauthorized(request)

    def _openai_models(self, request: IncomingRequest) -> Reply:
        bearer = _bearer(request.headers)
        if self._api_key is not None and bearer is None and "x-goog-api-key" in request.headers:
            return self._unauthorized(request, status=200)
        if not self._key_ok(bearer):
            return self._unauthorized(request)
        if self.catalog != "gemini":
            typed = self.catalog == "new-api"
            return _json_reply(200, models.new_api_list(SCENARIOS, MODEL_PREFIX, typed=typed))
        return _json_reply(200, models.openai_list(self._models()))

    def _generate(self, request: IncomingRequest, model: str, method: str) -> Reply:
        streaming = method == STREAM_METHOD
        route_shape: Shape = "object"
        if streaming:
            route_shape = "google-sse" if request.query.get("alt") == "sse" else "json-array"
        header = request.headers.get(SCENARIO_HEADER)
        if header is not None:
            if header not in SCENARIOS:
                return _new_api_reply(400, new_api_error(f"unknown demo scenario {header}"))
            scenario: Scenario | None = make_scenario(header)
        else:
            scenario = self._choose_scenario()
        if scenario is None and model.startswith(MODEL_PREFIX):
            name = model[len(MODEL_PREFIX) :]
            if name not in SCENARIOS:
                return _model_not_found(model, method, route_shape)
            scenario = make_scenario(name)
        if scenario is None and self.catalog != "gemini":
            scenario = _by_channel(model, self.catalog)
        if scenario is None or scenario.status < 300:
            invalid = _validate(request)
            if invalid is not None:
                return _render_error(invalid, 400, route_shape, model)
        if scenario is None:
            scenario = scripted_scenario(
                request.body, model=model, streaming=streaming, delay=self._scripted_delay
            )
        query = urlencode({name: value for name, value in request.query.items() if name != "key"})
        return render(scenario, route_shape, model, path=request.path + (f"?{query}" if query else ""))


def _by_channel(model: str, catalog: Catalog) -> Scenario | None:
    """What new-api answers on its Gemini route, by the type of the channel serving `model`.

    Gemini channels answer natively and OpenAI-type channels through conversion (both: None, the scripted
    answer); Anthropic/AWS channels and image generators fail to convert; a model outside the list has no
    channel in the key's group.
    """
    types = channel_of(model, catalog)
    if types is None:
        return failures.model_not_found()
    if "gemini" in types:
        return None
    if "anthropic" in types or "image-generation" in types or "openai" not in types:
        return failures.convert_failed()
    return None


def render(scenario: Scenario, route_shape: Shape, model: str, *, path: str = "") -> Reply:
    """Turn `scenario` into a reply for a request whose route implies `route_shape`.

    Args:
        scenario: what to answer.
        route_shape: the shape the request's route implies (see `Scenario.shape`).
        model: the model named in the request, for ``{model}`` placeholders.
        path: the request's path and query, for ``{path}`` placeholders in the scenario's headers.
    """
    shape = scenario.shape or route_shape
    headers = {"X-Demo-Scenario": scenario.name}
    headers.update((name, value.replace("{path}", path)) for name, value in scenario.headers.items())
    if scenario.error is not None:
        reply = _render_error(scenario.error, scenario.status, route_shape, model)
        reply.headers.update(headers)
        reply.first_byte_delay = scenario.first_byte_delay
        return reply
    content_type = scenario.content_type or CONTENT_TYPES[shape]
    if content_type == "text/event-stream":
        headers.setdefault("Cache-Control", "no-cache")
    delay = scenario.first_byte_delay
    if scenario.raw_body is not None:
        return Reply(
            scenario.status, content_type, body=scenario.raw_body, headers=headers, first_byte_delay=delay
        )
    plan = framing.plan_stream(scenario, shape, model=model, response_id=new_response_id())
    return Reply(scenario.status, content_type, plan=plan, headers=headers, first_byte_delay=delay)


def _render_error(error: JsonObject, status: int, route_shape: Shape, model: str) -> Reply:
    filled = framing.fill_placeholders(error, {"model": model, "request_id": new_request_id()})
    body = framing.encode_error_body(filled, wrap_in_array=route_shape == "json-array")
    content_type = _GOOGLE_JSON if framing.is_google_envelope(filled) else _NEW_API_JSON
    return Reply(status, content_type, body=body)


def _validate(request: IncomingRequest) -> JsonObject | None:
    """Return Google's 400 body for a request Google would refuse, else None."""
    if request.raw_body and request.body is None:
        return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.")
    contents = request.body.get("contents") if isinstance(request.body, dict) else None
    if not isinstance(contents, list) or not contents:
        return google_error(
            400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n"
        )
    if any(isinstance(c, dict) and c.get("role") not in (None, "user", "model") for c in contents):
        return google_error(400, "INVALID_ARGUMENT", "Please use a valid role: user, model.")
    return None


def _model_not_found(model: str, method: str, route_shape: Shape) -> Reply:
    message = (
        f"models/{model} is not found for API version v1beta, or is not supported for {method}. "
        "Call ListModels to see the list of available models and their supported methods."
    )
    return _render_error(google_error(404, "NOT_FOUND", message), 404, route_shape, model)


def _bearer(headers: Mapping[str, str]) -> str | None:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _json_reply(status: int, obj: JsonObject) -> Reply:
    return Reply(status, _NEW_API_JSON, body=framing.go_json(obj))


def _new_api_reply(status: int, error: JsonObject) -> Reply:
    filled = framing.fill_placeholders(error, {"request_id": new_request_id()})
    return Reply(status, _NEW_API_JSON, body=framing.go_json(filled))
