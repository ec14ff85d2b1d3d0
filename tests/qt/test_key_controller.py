import itertools
import time
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QTimer

from app.core.secrets import SERVICE_NAME, KeyStore
from app.qt.async_support import signal_future
from app.qt.controllers.key_controller import KeyController, KeyState
from tests.helpers.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring
from tests.helpers.languages import ui_language

GATEWAY = "https://gogogotoken.ai"
ACCOUNT = "api-key:gogogotoken.ai"


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()


def test_stored_key_is_loaded_with_the_backend_name(qloop: qasync.QEventLoop) -> None:
    backend = MemoryKeyring()
    backend.secrets[(SERVICE_NAME, ACCOUNT)] = "sk-stored"
    controller = KeyController(KeyStore(backend), {}, GATEWAY, timeout=5)

    async def scenario() -> tuple[KeyState, tuple[object, ...]]:
        emitted = signal_future(controller.key_state_changed)
        state = await controller.load()
        return state, await emitted

    state, (emitted,) = qloop.run_until_complete(scenario())
    assert state == emitted
    assert state.key == "sk-stored" and state.source == "keyring" and state.is_saved
    assert state.backend_name  # keyring's name for the test backend class
    assert state.error is None
    assert "sk-stored" not in repr(state)


def test_environment_key_is_session_only_and_never_written(qloop: qasync.QEventLoop) -> None:
    backend = MemoryKeyring()
    controller = KeyController(KeyStore(backend), {"GEMINI_API_KEY": " sk-env \n"}, GATEWAY, timeout=5)
    state = qloop.run_until_complete(controller.load())
    assert state.key == "sk-env" and state.source == "environment" and not state.is_saved
    assert backend.calls == []  # the keyring is not even read
    assert backend.secrets == {}


def test_save_stores_in_the_keyring_and_forget_removes_it(qloop: qasync.QEventLoop) -> None:
    backend = MemoryKeyring()
    controller = KeyController(KeyStore(backend), {}, GATEWAY, timeout=5)
    result = qloop.run_until_complete(controller.save(" sk-new ", "https://other.example:8443"))
    assert result.ok and result.message is None
    assert backend.secrets == {(SERVICE_NAME, "api-key:other.example:8443"): "sk-new"}
    assert controller.state.source == "keyring" and controller.state.key == "sk-new"

    state = qloop.run_until_complete(controller.forget())
    assert backend.secrets == {}
    assert state.source == "none" and state.key is None
    # Loading again finds nothing.
    assert qloop.run_until_complete(controller.load()).has_key is False


def test_a_key_saved_for_https_does_not_follow_a_switch_to_plain_http(qloop: qasync.QEventLoop) -> None:
    # A settings file or link that changes only the scheme must not send the https key in clear text.
    backend = MemoryKeyring()
    controller = KeyController(KeyStore(backend), {}, "https://gateway.example", timeout=5)
    assert qloop.run_until_complete(controller.save("sk-for-https")).ok

    switched = qloop.run_until_complete(controller.load("http://gateway.example"))
    assert (switched.key, switched.source) == (None, "none")
    controller.keep_for_session("sk-typed-for-http")
    back = qloop.run_until_complete(controller.load("https://gateway.example"))
    assert (back.key, back.source) == ("sk-for-https", "keyring")
    assert backend.secrets == {(SERVICE_NAME, "api-key:gateway.example"): "sk-for-https"}


def test_failed_save_explains_and_the_key_can_be_kept_for_the_session(qloop: qasync.QEventLoop) -> None:
    controller = KeyController(KeyStore(LockedKeyring()), {}, GATEWAY, timeout=5)

    async def scenario() -> tuple[object, tuple[object, ...]]:
        failed = signal_future(controller.save_failed)
        result = await controller.save("sk-new")
        return result, await failed

    with ui_language("zh_CN"):
        result, (message,) = qloop.run_until_complete(scenario())
    assert result.ok is False
    assert result.message == message
    assert isinstance(message, str) and "系统密钥环已锁定" in message and "仅在本次运行期间使用" in message
    assert not controller.state.has_key

    state = controller.keep_for_session("sk-new")
    assert state.key == "sk-new" and state.source == "session"
    # A session key is found again by load(), without touching the keyring.
    assert qloop.run_until_complete(controller.load()).source == "session"


def test_hanging_keyring_times_out_while_the_ui_keeps_running(
    qloop: qasync.QEventLoop, hanging: HangingKeyring
) -> None:
    controller = KeyController(KeyStore(hanging), {}, GATEWAY, timeout=2.0)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    state = qloop.run_until_complete(controller.load())
    elapsed = time.monotonic() - started
    timer.stop()

    # The keyring hangs for minutes: a bound on gross failure (the timeout did not fire), whatever the load.
    assert 1.9 <= elapsed < 10
    assert state.key is None and state.source == "none"
    assert state.error is not None and "did not answer within 2 seconds" in state.error
    # The Qt event loop kept ticking during the wait: no gap anywhere near the 2 s timeout (waiting on the GUI
    # thread would leave one that long; a loaded machine leaves shorter ones).
    assert len(ticks) >= 8
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 1.5


def test_hanging_save_fails_with_a_timeout_message(qloop: qasync.QEventLoop, hanging: HangingKeyring) -> None:
    controller = KeyController(KeyStore(hanging), {}, GATEWAY, timeout=0.3)
    result = qloop.run_until_complete(controller.save("sk-x"))
    assert not result.ok
    assert result.message is not None and "did not answer" in result.message
