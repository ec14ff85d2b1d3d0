"""A connection test in Settings always ends, whatever else the dialog asks for meanwhile."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import TIMEOUT, run_app, wait_until
from tests.helpers.setup_steps import open_settings


class SilentGateway:
    """A gateway on loopback that reads each request and says nothing until ``give_up()``, then hangs up."""

    def __init__(self) -> None:
        self.accepted = 0
        self.hung_up = 0  # requests whose client closed the connection first
        self._gave_up = asyncio.Event()
        self._server: asyncio.Server | None = None
        self.url = ""

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        client_closed = asyncio.ensure_future(reader.read())  # the request, then EOF when the client hangs up
        gave_up = asyncio.ensure_future(self._gave_up.wait())
        await asyncio.wait({client_closed, gave_up}, return_when=asyncio.FIRST_COMPLETED)
        if client_closed.done():
            self.hung_up += 1
        for waiting in (client_closed, gave_up):
            waiting.cancel()
        writer.close()

    def give_up(self) -> None:
        self._gave_up.set()

    async def close(self) -> None:
        self.give_up()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


def test_refreshing_the_model_list_during_a_connection_test_leaves_the_test_its_result(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        silent_gateway = SilentGateway()
        await silent_gateway.start()
        try:
            await scenario(desk, silent_gateway)
        finally:
            await silent_gateway.close()

    async def scenario(desk: GeminiDesk, silent_gateway: SilentGateway) -> None:
        dialog = open_settings(desk)
        dialog.base_url_edit.setText(silent_gateway.url)  # a slow gateway the user wants to check
        dialog.test_button.click()
        await wait_until(lambda: silent_gateway.accepted, what="the test's request")
        assert dialog.connection_test.is_testing

        # Meanwhile the user refreshes the model list (of the gateway in use) in the same dialog.
        refreshed = signal_future(desk.connection.models_changed)
        dialog.model_picker.refresh_button.click()
        await asyncio.wait_for(refreshed, TIMEOUT)

        # The slow gateway finally gives up: the test ends with its result, and Test can be pressed again.
        silent_gateway.give_up()
        await wait_until(lambda: not dialog.connection_test.is_testing, what="the test's result")
        assert dialog.result_label.isVisibleTo(dialog) and dialog.result_label.text()
        assert dialog.result_label.property("state") == "error"
        assert dialog.test_button.isEnabled()
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway)


def test_a_connection_test_can_be_cancelled_and_hangs_up(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        silent_gateway = SilentGateway()
        await silent_gateway.start()
        try:
            dialog = open_settings(desk)
            dialog.base_url_edit.setText(silent_gateway.url)
            dialog.test_button.click()
            await wait_until(lambda: silent_gateway.accepted, what="the test's request")
            assert dialog.connection_test.is_testing
            assert dialog.test_button.isEnabled() and dialog.test_button.text() == "Cancel"
            results: list[object] = []
            desk.connection.test_finished.connect(lambda *args: results.append(args))

            dialog.test_button.click()  # Cancel
            assert not dialog.connection_test.is_testing
            assert dialog.test_button.text() == "Test connection"
            assert dialog.result_label.text() == "Connection test cancelled."
            assert dialog.result_label.property("state") == "neutral"
            # The request itself ends: the gateway sees the connection closed, and no result follows.
            await wait_until(lambda: silent_gateway.hung_up, what="the cancelled request's hang-up")
            await asyncio.sleep(0.2)
            assert results == [] and not desk.connection.is_busy()
            assert dialog.result_label.text() == "Connection test cancelled."
            dialog.reject()
        finally:
            await silent_gateway.close()

    run_app(qloop, tmp_path, body, gateway)
