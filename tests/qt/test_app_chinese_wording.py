"""The Chinese UI reads like Chinese: the reply figures say 输入/输出 (input/output), not 提示 ("hint")."""

from __future__ import annotations

from pathlib import Path

import qasync

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text


def test_the_reply_figures_in_chinese_say_input_and_output(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("thoughts")

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "你好")
        figures = desk.window.status_line.figures_label.text()
        terms = [item.rsplit(" ", 1)[0] if item[-1].isdigit() else item for item in figures.split(" · ")]
        assert terms[:3] == ["输入", "输出", "思考"], figures
        assert any(term.startswith("首字延迟") for term in terms), figures
        assert "提示" not in figures and "Token" not in figures
        # The transcript's figures line under the answer uses the same words.
        assert transcript_text(desk).splitlines()[-1] == figures

    run_app(qloop, tmp_path, body, gateway, settings={"language": "zh_CN"})
