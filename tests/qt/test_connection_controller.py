import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path

import qasync

from app.core.gemini.models_list import ModelInfo
from app.core.model_cache import CachedModels, ModelCache
from app.demo.server import GatewayDouble
from app.qt.async_support import signal_future
from app.qt.controllers.connection_controller import (
    ConnectionController,
    ModelListClient,
    gemini_client_factory,
)
from tests.helpers.languages import ui_language


def make_controller(tmp_path: Path) -> ConnectionController:
    return ConnectionController(
        gemini_client_factory(connect_timeout=5, idle_timeout=10), ModelCache(tmp_path)
    )


def test_successful_test_lists_the_gateways_models_and_caches_them(
    qloop: qasync.QEventLoop, gateway: GatewayDouble, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path)

    async def scenario() -> tuple[object, ...]:
        finished = signal_future(controller.test_finished)
        controller.test_connection(gateway.base_url, "test-key", "none", "")
        return await asyncio.wait_for(finished, 10)

    ok, message, models = qloop.run_until_complete(scenario())
    assert ok is True
    assert isinstance(models, list) and all(isinstance(m, ModelInfo) for m in models)
    ids = [m.id for m in models]
    assert "gemini-2.5-pro" in ids and "text-embedding-004" in ids
    assert any(i.startswith("demo-scenario-") for i in ids)
    chat_flags = [m.is_chat for m in models]
    assert chat_flags == sorted(chat_flags, reverse=True)  # chat models first
    assert isinstance(message, str)
    assert message.startswith(f"Connected: {len(models)} models (") and message.endswith(", …)")
    assert ids[0] in message
    cached = ModelCache(tmp_path).load(gateway.base_url)
    assert cached is not None and [m.id for m in cached.models] == ids
    assert not controller.is_busy()


def test_rejected_key_gives_the_gateways_words_and_advice(
    qloop: qasync.QEventLoop, gateway: GatewayDouble, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path)

    async def scenario() -> tuple[object, ...]:
        finished = signal_future(controller.test_finished)
        controller.test_connection(gateway.base_url, "wrong-key-123456", "none", "")
        return await asyncio.wait_for(finished, 10)

    with ui_language("zh_CN"):
        ok, message, models = qloop.run_until_complete(scenario())
    assert ok is False and models == []
    assert isinstance(message, str)
    assert "API 密钥无效（HTTP 401）" in message
    assert "无效的令牌" in message  # the gateway's own words
    # What to do, pointing at the key field next to the result (not "in Settings": it is shown there).
    assert "请检查此处填写的 API 密钥" in message and "设置" not in message
    assert "wrong-key-123456" not in message
    assert ModelCache(tmp_path).load(gateway.base_url) is None


def test_a_new_test_cancels_the_one_in_flight(
    qloop: qasync.QEventLoop, gateway: GatewayDouble, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path)
    results: list[tuple[object, ...]] = []
    controller.test_finished.connect(lambda *args: results.append(args))
    hung_connection_closed = asyncio.Event()

    async def silent_gateway(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Accepts the request and never answers; sees EOF when the client gives up.
        await reader.read()
        hung_connection_closed.set()
        writer.close()

    async def scenario() -> None:
        server = await asyncio.start_server(silent_gateway, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            first = controller.test_connection(f"http://127.0.0.1:{port}", "test-key", "none", "")
            await asyncio.sleep(0.2)  # the request is now waiting on the silent server
            assert controller.is_busy()
            finished = signal_future(controller.test_finished)
            controller.test_connection(gateway.base_url, "test-key", "none", "")
            await asyncio.wait_for(finished, 10)
            assert first.cancelled()
            await asyncio.wait_for(hung_connection_closed.wait(), 5)
        finally:
            server.close()
            await server.wait_closed()

    qloop.run_until_complete(scenario())
    assert len(results) == 1 and results[0][0] is True


def test_a_test_gives_up_after_its_own_short_deadline(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    # The client's timeouts here are long (as the chat's idle timeout is): the test's own deadline ends it.
    controller = ConnectionController(
        gemini_client_factory(connect_timeout=60, idle_timeout=60), ModelCache(tmp_path), test_timeout=0.5
    )
    hung_connection_closed = asyncio.Event()

    async def silent_gateway(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # accepts the request and never answers; EOF when the client gives up
        hung_connection_closed.set()
        writer.close()

    async def scenario() -> tuple[object, ...]:
        server = await asyncio.start_server(silent_gateway, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            finished = signal_future(controller.test_finished)
            controller.test_connection(f"http://127.0.0.1:{port}", "test-key", "none", "")
            result = await asyncio.wait_for(finished, 15)  # the list's own 30 s limit would fail this
            await asyncio.wait_for(hung_connection_closed.wait(), 5)
            return result
        finally:
            server.close()
            await server.wait_closed()

    ok, message, models = qloop.run_until_complete(scenario())
    assert ok is False and models == []
    assert message == "No answer from the gateway after 0.5 s."
    assert not controller.is_busy()


def test_refresh_updates_the_cache_and_emits_models_changed(
    qloop: qasync.QEventLoop, gateway: GatewayDouble, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path)
    controller.set_connection(gateway.base_url, "test-key", "none", "")
    assert controller.cached_models() == []

    async def scenario() -> tuple[object, ...]:
        changed = signal_future(controller.models_changed)
        task = controller.refresh_models()
        assert task is not None
        shown = await asyncio.wait_for(changed, 10)  # shown first, then saved: the task ends when it is
        await asyncio.wait_for(task, 10)
        return shown

    (models,) = qloop.run_until_complete(scenario())
    assert isinstance(models, list) and "gemini-2.5-flash" in [m.id for m in models]
    # Another gateway has no list yet; the first one's is kept apart.
    other = make_controller(tmp_path)
    other.set_connection("https://elsewhere.example", "k", "none", "")
    assert other.cached_models() == []
    controller.set_connection(gateway.base_url, "test-key", "none", "")
    assert [m.id for m in controller.cached_models()] == [m.id for m in models]


def test_unexpected_failures_never_quote_the_exception_text(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    class Broken:
        async def list_models(self) -> list[ModelInfo]:
            raise RuntimeError("boom sk-secret-key")

        async def aclose(self) -> None:
            closed.append(True)

    closed: list[bool] = []

    def factory(base_url: str, api_key: str, proxy_mode: str, proxy_url: str) -> ModelListClient:
        return Broken()

    controller = ConnectionController(factory, ModelCache(tmp_path))

    async def scenario() -> tuple[object, ...]:
        finished = signal_future(controller.test_finished)
        controller.test_connection("https://x.example", "sk-secret-key")
        return await finished

    ok, message, _models = qloop.run_until_complete(scenario())
    assert ok is False and isinstance(message, str)
    assert "RuntimeError" in message and "sk-secret-key" not in message
    assert closed == [True]


def test_the_model_list_is_written_to_the_cache_off_the_gui_thread(
    qloop: qasync.QEventLoop, gateway: GatewayDouble, tmp_path: Path
) -> None:
    # Writing and syncing the file took 3-17 ms of the GUI thread, inside the first answer after start-up.
    writers: list[int] = []

    class WatchedCache(ModelCache):
        def save(
            self, base_url: str, models: Sequence[ModelInfo], fetched_at: float | None = None
        ) -> CachedModels:
            writers.append(threading.get_ident())
            return super().save(base_url, models, fetched_at)

    controller = ConnectionController(
        gemini_client_factory(connect_timeout=5, idle_timeout=10), WatchedCache(tmp_path)
    )
    controller.set_connection(gateway.base_url, "test-key", "none", "")

    async def scenario() -> tuple[object, ...]:
        changed = signal_future(controller.models_changed)
        task = controller.refresh_models()
        assert task is not None
        shown = await asyncio.wait_for(changed, 10)
        await asyncio.wait_for(task, 10)
        return shown

    qloop.run_until_complete(scenario())
    assert len(writers) == 1 and writers[0] != threading.main_thread().ident
    assert controller.cached_models()  # written by the time the refresh ends
