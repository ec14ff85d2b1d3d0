"""The whole app shows everything a reply can contain, live and identically after a restart."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QImage

from app.core.chat.tool_loop import stored_tool_notices
from app.core.texts import Text
from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.widgets.image_viewer import ImageViewer
from tests.helpers.app_harness import (
    await_future,
    finished_future,
    run_app,
    send_and_wait,
    transcript_text,
    wait_until,
)
from tests.helpers.tool_calls import unoffered_call

CODE_LINE = "primes = [n for n in range(2, 30) if all(n % d for d in range(2, n))]"


def shown_image_names(desk: GeminiDesk) -> list[str]:
    """The ``gd-image:`` names of every image laid out in the transcript."""
    names = []
    document = desk.window.transcript.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            char_format = it.fragment().charFormat()
            # Only content images: the chrome's icons are images too (gd-icon:).
            if char_format.isImageFormat() and char_format.toImageFormat().name().startswith("gd-image:"):
                names.append(char_format.toImageFormat().name())
            it += 1
        block = block.next()
    return names


def reply_body(desk: GeminiDesk, message_id: int) -> str:
    """The Markdown the transcript holds for a reply (what "Copy" copies)."""
    copied = signal_future(desk.window.transcript.copy_requested)
    desk.window.transcript.anchorClicked.emit(_action("copy-message", message_id))
    assert copied.done()
    return str(copied.result()[0])


def _action(name: str, message_id: int) -> QUrl:
    return QUrl(f"gd-action:{name}/{message_id}")


def test_code_execution_shows_code_output_and_conclusion_in_order(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(dataclasses.replace(content.code_execution(), chunk_delay=0.3))

    async def body(desk: GeminiDesk) -> None:
        finished = finished_future(desk)
        desk.window.composer.set_text("Sum the first ten primes")
        desk.window.composer.send_button.click()
        await wait_until(lambda: CODE_LINE in transcript_text(desk), what="the code, while streaming")
        live = transcript_text(desk)
        assert CODE_LINE in live and "Output" not in live and not finished.done()
        await await_future(finished)
        text = transcript_text(desk)
        order = ["Let me compute that with code.", "Code", CODE_LINE, "Output", "[2, 3, 5, 7, 11, 13, 17, 19"]
        positions = [text.index(piece) for piece in order]
        assert positions == sorted(positions)
        assert text.index("129\n") < text.index("The first ten primes add up to 129.")
        assert "python" in text  # the code block's language caption

    run_app(qloop, tmp_path, body, gateway)


def test_function_call_shows_its_name_and_arguments(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("function-call")

    async def body(desk: GeminiDesk) -> None:
        _, reply_id, status = await send_and_wait(desk, "Weather in Shanghai?")
        assert status == "complete"
        text = transcript_text(desk)
        assert "Function call: get_weather" in text
        assert '"city": "上海"' in text and '"unit": "celsius"' in text
        assert "thoughtSignature" not in reply_body(desk, reply_id)

    run_app(qloop, tmp_path, body, gateway)


def test_generated_image_is_shown_copied_and_saved(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("image")
    saved = tmp_path / "out" / "generated"
    saved.parent.mkdir()

    async def body(desk: GeminiDesk) -> None:
        _, reply_id, _ = await send_and_wait(desk, "Draw noise", timeout=20)
        key = f"m{reply_id}-p1"
        transcript = desk.window.transcript
        assert shown_image_names(desk) == [f"gd-image:{key}"]
        image = transcript.images.image(key)
        assert image is not None and (image.width(), image.height()) == (1100, 1000)
        assert "Here is the image you asked for:" in transcript_text(desk)

        QGuiApplication.clipboard().clear()
        assert transcript.images.copy(key)
        assert QGuiApplication.clipboard().image().size() == image.size()

        viewer = transcript.images.open(key)
        assert isinstance(viewer, ImageViewer) and viewer.isVisible()
        written = viewer.save(str(saved))
        assert written is not None and Path(written).read_bytes().startswith(b"\x89PNG")
        assert QImage(written).pixelColor(7, 7) == image.pixelColor(7, 7)
        viewer.close()

    run_app(qloop, tmp_path, body, gateway, timeout=40)


def test_grounded_chinese_answer_shows_markers_sources_and_suggestions(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("grounding-cjk")

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "上海中心大厦有多高？")
        text = transcript_text(desk)
        assert "是中国最高的建筑。[1]大厦于2015年建成，地上共有128层。[2]Its twisting" in text
        assert "about 24%.[3]" in text
        sources = text[text.index("Sources") :]
        assert (
            sources.index("wikipedia.org")
            < sources.index("shanghaitower.com")
            < sources.index("archdaily.com")
        )
        assert "Search suggestions" in text and "上海中心大厦 高度" in text
        html = desk.window.transcript.toHtml()
        assert "https://www.google.com/search?q=Shanghai+Tower+wind+load" in html
        assert "grounding-api-redirect/demo-2" in html

    run_app(qloop, tmp_path, body, gateway)


def test_thoughts_are_a_collapsed_section_above_the_answer_never_in_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("thoughts")

    async def body(desk: GeminiDesk) -> None:
        _, reply_id, _ = await send_and_wait(desk, "Think first")
        text = transcript_text(desk)
        # Collapsed: only the summary line, naming the latest step of the thinking.
        assert text.index("Thinking") < text.index("Adding them up") < text.index("After thinking it over")
        assert "2+3+5+7 = 17" not in text
        assert "Listing the primes" not in reply_body(desk, reply_id)
        desk.window.transcript.anchorClicked.emit(_action("toggle-thoughts", reply_id))
        expanded = transcript_text(desk)
        assert expanded.index("2+3+5+7 = 17") < expanded.index("After thinking it over")
        assert "thoughts 118" in expanded  # the figures line counts them

    run_app(qloop, tmp_path, body, gateway)


def test_a_silent_model_shows_thinking_seconds_until_the_first_token(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(content.slow_first_byte(1.5))

    async def body(desk: GeminiDesk) -> None:
        finished = finished_future(desk)
        desk.window.composer.set_text("Hello?")
        desk.window.composer.send_button.click()
        await asyncio.sleep(0.2)
        assert "Thinking… 0 s" in transcript_text(desk)
        await asyncio.sleep(1.0)
        assert "Thinking… 1 s" in transcript_text(desk)
        await await_future(finished)
        text = transcript_text(desk)
        assert "Thinking…" not in text and "prompt " in text

    run_app(qloop, tmp_path, body, gateway)


def test_finish_and_block_reasons_show_a_plain_language_notice(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        # One scenario at a time: the title request after the first reply would consume a queued one.
        gateway.set_scenario("max-tokens-no-parts")
        await send_and_wait(desk, "one")
        assert "Thinking used the whole output budget" in transcript_text(desk)
        gateway.set_scenario("blocked-prompt")
        await send_and_wait(desk, "two")
        assert "Message blocked by safety filters: Your message was refused" in transcript_text(desk)
        gateway.set_scenario("safety")
        await send_and_wait(desk, "three")
        text = transcript_text(desk)
        assert "Here is how one would" in text
        assert "Stopped by safety filters: The answer was stopped" in text

    run_app(qloop, tmp_path, body, gateway)


def test_a_call_to_a_function_never_offered_ends_the_answer_with_a_notice_that_nothing_ran(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    notice = "The model asked to run rm_rf, which is not offered here; nothing was run."

    async def body(desk: GeminiDesk) -> None:
        gateway.set_scenario(unoffered_call())  # the conversation offers no tools
        _, reply_id, status = await send_and_wait(desk, "Clean up, please")
        assert status == "complete"
        reply = desk.store.get_message(reply_id)
        assert reply is not None
        assert stored_tool_notices(reply.meta) == [Text("tools.not_offered", function="rm_rf")]
        text = transcript_text(desk)
        assert "Function call: rm_rf" in text and notice in text

    async def reopened(desk: GeminiDesk) -> None:
        assert notice in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway)
    run_app(qloop, tmp_path, reopened, gateway)


def test_reopened_app_shows_the_same_replies_images_included(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # The scripted chat's commands: code execution, grounding, a function call, thoughts, an image.
    prompts = ("/code", "/search", "/function", "/think", "/image a gradient")
    seen: dict[str, Any] = {}

    async def first(desk: GeminiDesk) -> None:
        for prompt in prompts:
            await send_and_wait(desk, prompt)
        seen["text"] = transcript_text(desk)
        seen["images"] = shown_image_names(desk)
        image = desk.window.transcript.images.image(seen["images"][0].removeprefix("gd-image:"))
        assert image is not None
        seen["size"], seen["pixel"] = image.size(), image.pixelColor(5, 5)

    async def second(desk: GeminiDesk) -> None:
        text = transcript_text(desk)
        assert text == seen["text"]
        for piece in (
            "Output",
            "Function call: get_weather",
            "[2]",
            "Sources",
            "Search suggestions",
            "Thinking",
        ):
            assert piece in text
        assert shown_image_names(desk) == seen["images"] and len(seen["images"]) == 1
        image = desk.window.transcript.images.image(seen["images"][0].removeprefix("gd-image:"))
        assert image is not None and image.size() == seen["size"]
        assert image.pixelColor(5, 5) == seen["pixel"]

    run_app(qloop, tmp_path, first, gateway)
    run_app(qloop, tmp_path, second, gateway)
