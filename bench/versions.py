"""Version-switch benchmark: "‹ n / m ›" on a 2,000-message conversation, in the real app.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.versions [--messages 2000] [--switches 40] [--quick]

Builds a conversation of ``--messages`` realistic messages (about 2.5 KB each, ``bench.stores``) whose last
answer has three versions and whose answer six messages above the end has a second version with its own
four messages below it. The app (``GeminiDesk``, offscreen, no gateway contacted) opens it; then each switch
is the version switcher's step, until the transcript has painted:

* last answer: the arrows of the last answer (one message drawn again);
* upper fork: the arrows of an answer six messages up (the branch below it, five messages, drawn again);
* baseline: drawing the whole conversation again after the same change (what a redraw of everything costs:
  reading the path, its rows, the last page), measured in the same run.

Target (issue 17): a switch <= 50 ms on a 2,000-message conversation, judged on the p95 of each kind (40
switches each by default, so the p95 is not just the slowest one). "first" is the first switch of its kind,
to a version never drawn before (nothing of it cached).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.core.store.conversations import ConversationStore
from app.main import GeminiDesk
from bench.appdriver import run_qasync, settle, start_desk
from bench.common import percentile
from bench.content import make_reply
from bench.stores import add_long_conversations, open_database

TARGET_MS = 50


def build(data_dir: Path, messages: int) -> tuple[int, int, int]:
    """The conversation; returns (its id, the last answer, the upper forked answer)."""
    db = open_database(data_dir)
    try:
        (conversation_id,) = add_long_conversations(db, 1, messages, first_id=1)
        store = ConversationStore(db)
        path = store.list_messages(conversation_id)
        rng = random.Random(7)
        upper, upper_question = path[-7], path[-8]
        assert upper.role == "model" and upper_question.role == "user"
        store.add_message(
            conversation_id, "model", [{"text": (t := make_reply(rng, 1))}], t, parent_id=upper_question.id
        )
        for n in range(4):
            role = "user" if n % 2 == 0 else "model"
            text = f"Another question {n}?" if role == "user" else make_reply(rng, n)
            store.add_message(conversation_id, role, [{"text": text}], text)
        store.choose(upper.id)  # back to the long branch, whose last answer gets versions
        last = store.list_messages(conversation_id, limit=1)[0]
        question = last.parent_id
        for n in range(2):
            text = make_reply(rng, 10 + n)
            store.add_message(conversation_id, "model", [{"text": text}], text, parent_id=question)
        store.choose(last.id)
        return conversation_id, last.id, upper.id
    finally:
        db.close()


def until_painted(view: QWidget, action: Callable[[], object]) -> float:
    """Milliseconds from the start of ``action`` until the transcript has painted what it changed.

    The paint is forced at once (``repaint``: layout of the visible part and the paint event), without
    spinning the event loop inside the benchmark's coroutine.
    """
    start = time.perf_counter()
    action()
    view.repaint()
    return (time.perf_counter() - start) * 1000


def summary(times: list[float]) -> str:
    """Median, p95 and max of a list of milliseconds, and the first (to a version never drawn before)."""
    return (
        f"median {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"max {max(times):.1f} ms, first {times[0]:.1f} ms"
    )


async def measure(data_dir: Path, messages: int, switches: int) -> None:
    conversation_id, _last, upper = build(data_dir, messages)
    desk: GeminiDesk = await start_desk(data_dir, "http://127.0.0.1:9", "bench-key")
    try:
        window = desk.window
        window.resize(1100, 800)
        view = window.transcript
        desk.window_controller.open_conversation(conversation_id)
        await settle(0.5)
        switcher = desk.window_controller.versions
        shown = len(desk.store.list_messages(conversation_id))
        print(f"conversation of {shown} shown messages ({messages} built), {len(view.shown_ids())} held")
        results: dict[str, list[float]] = {"last answer": [], "upper fork": [], "baseline": []}
        for n in range(switches):
            step = 1 if n % 2 == 0 else -1  # the first version is shown: to the second and back
            results["last answer"].append(
                until_painted(view.viewport(), lambda s=step: switcher.step_last(s))
            )
            await settle(0.02)
        target = upper
        for _ in range(switches):
            message = target
            other = desk.store.tree(conversation_id).versions(message)
            target = next(v for v in other if v != message)
            step = 1 if other.index(target) > other.index(message) else -1
            results["upper fork"].append(
                until_painted(view.viewport(), lambda m=message, s=step: switcher.step(m, s))
            )
            await settle(0.02)
        for _ in range(max(3, switches // 4)):
            results["baseline"].append(
                until_painted(view.viewport(), desk.window_controller._render_transcript)
            )
            await settle(0.02)
        assert (
            view.shown_ids()
            == [m.id for m in desk.store.list_messages(conversation_id)][-len(view.shown_ids()) :]
        )
        if "--profile" in sys.argv:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            for _ in range(6):  # the upper fork: the slower of the two switches
                message = target
                other = desk.store.tree(conversation_id).versions(message)
                target = next(v for v in other if v != message)
                step = 1 if other.index(target) > other.index(message) else -1
                until_painted(view.viewport(), lambda m=message, s=step: switcher.step(m, s))
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        for name, times in results.items():
            print(f"{name + ':':13} {summary(times)} ({len(times)} switches)")
        worst = max(percentile(results[name], 0.95) for name in ("last answer", "upper fork"))
        verdict = "met" if worst <= TARGET_MS else "MISSED"
        print(f"switch p95 worst {worst:.1f} ms; target <= {TARGET_MS} ms: {verdict}")
        slower = max(statistics.median(results[name]) for name in ("last answer", "upper fork"))
        print(f"whole redraw / switch (medians): {statistics.median(results['baseline']) / slower:.1f}x")
    finally:
        await desk.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--switches", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="200 messages, 4 switches (a smoke run)")
    parser.add_argument("--profile", action="store_true", help="profile six more upper-fork switches")
    args = parser.parse_args(argv)
    messages, switches = (200, 4) if args.quick else (args.messages, args.switches)
    with tempfile.TemporaryDirectory() as folder:
        run_qasync(lambda: measure(Path(folder), messages, switches))
    return 0


if __name__ == "__main__":
    sys.exit(main())
