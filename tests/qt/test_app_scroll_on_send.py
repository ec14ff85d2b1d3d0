"""Asking something always shows the new turn: the view goes to the end and follows the answer, also
from a reader who had scrolled up to read an earlier answer (only scrolling up while an answer arrives
stops that)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import qasync

from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import await_future, click_action, finished_future, run_app, send_and_wait

LONG_ANSWER = "\n\n".join(f"Paragraph {n} of a long answer, with words to fill a line." for n in range(80))


def _scroll_to_top(desk: GeminiDesk) -> None:
    """The reader scrolls up to the start of the conversation (as the wheel or the scroll bar would)."""
    bar = desk.window.transcript.verticalScrollBar()
    bar.setValue(bar.minimum())
    assert bar.maximum() > 0, "the answer must be longer than the view"


def _shows_the_end(desk: GeminiDesk) -> bool:
    desk.window.transcript.flush()
    bar = desk.window.transcript.verticalScrollBar()
    return bar.value() == bar.maximum()


async def _act_and_wait(desk: GeminiDesk, act: Callable[[], None]) -> str:
    finished = finished_future(desk)
    act()
    _, _, status = await await_future(finished)
    return str(status)


def test_sending_regenerating_and_resending_an_edit_while_scrolled_up_show_the_new_turn(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(Scenario("long", chunks=lambda: text_stream(LONG_ANSWER)))

    async def body(desk: GeminiDesk) -> None:
        desk.window.resize(1000, 700)
        desk.window.show()
        conversation_id, _, _ = await send_and_wait(desk, "first question")
        assert _shows_the_end(desk)

        _scroll_to_top(desk)
        _, reply, status = await send_and_wait(desk, "second question")
        assert status == "complete"
        assert _shows_the_end(desk), "Enter while scrolled up left the new question and its answer off screen"

        _scroll_to_top(desk)
        status = await _act_and_wait(desk, lambda: click_action(desk, "regenerate", reply))
        assert status == "complete"
        assert _shows_the_end(desk), "Regenerate while scrolled up left the new answer off screen"

        first = desk.store.list_messages(conversation_id)[0]
        click_action(desk, "edit", first.id)
        _scroll_to_top(desk)
        _, _, status = await send_and_wait(desk, "first question, reworded")
        assert status == "complete"
        assert _shows_the_end(desk), "an edit sent while scrolled up left its answer off screen"

    run_app(qloop, tmp_path, body, gateway)
