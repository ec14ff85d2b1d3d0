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
        self._gave_up = asyncio.Event()
        self._server: asyncio.Server | None = None
        self.url = ""

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        await self._gave_up.wait()
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
