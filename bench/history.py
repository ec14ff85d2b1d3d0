"""Long-history benchmark: opening and switching between two 2,000-message conversations.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.history [--messages 2000] [--switches 4]

Each conversation is about 5 MB of realistic Markdown (English and Chinese prose, lists, tables, code
blocks). Prints, for the paged transcript (only the most recent page rendered) and for the old behaviour
(every message rendered, measured in the same run as the baseline):

* open: ``set_messages`` of a conversation never shown before, until the viewport has painted;
* switch: ``set_messages`` back and forth between the two conversations once both were shown (cache warm),
  until painted; the mean over ``--switches`` switches;
* for the paged view, the cost of prepending one earlier page.

Target: open and switch <= 150 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from app.qt.render.history_pages import MessageRow
from app.qt.widgets.transcript_view import TranscriptView

TARGET_MS = 150

QUESTIONS = [
    "How do I read a large CSV file in Python without loading it all into memory?",
    "能不能解释一下 Python 里的生成器和迭代器有什么区别？最好给个例子。",
    "Why does my `asyncio` task never finish when I call `loop.run_until_complete`?",
    "请帮我把这段 JavaScript 改成 TypeScript，并加上类型注解。",
    "What is the difference between a process and a thread on Linux?",
    "我想用 SQLite 做全文搜索，中文分词应该怎么处理？",
    "Write a bash script that backs up a folder every night and keeps the last 7 copies.",
    "Explain the CAP theorem like I am a new backend engineer.",
]

PROSE_EN = [
    "The short answer is that the behaviour depends on how the object is created and who owns it. "
    "When you pass it to another function, only a reference is copied, so changes are visible to the caller.",
    "A common mistake is to block the event loop with a synchronous call; everything else waits until it "
    "returns, which looks like a hang even though nothing is wrong with the network.",
    "For large inputs, iterate lazily: memory stays flat because only one record is alive at a time, and the "
    "first results arrive before the whole file has been read.",
    "If you need both speed and safety, measure first. Most of the time the bottleneck is I/O, not the "
    "interpreter, and a small change in how you batch requests gives a bigger win than a rewrite.",
]

PROSE_ZH = [
    "简单来说，这取决于对象是如何创建的以及由谁持有。把它传给另一个函数时只复制了引用，所以调用方能看到修改。",
    "常见的错误是在事件循环里调用同步的阻塞函数；在它返回之前其他任务都只能等待，看起来就像程序卡住了一样。",
    "处理大文件时应该逐行迭代：同一时间只有一条记录在内存里，内存占用保持平稳，而且第一批结果很快就能出来。",
    "如果既要速度又要安全，先测量再优化。大多数情况下瓶颈在 I/O 而不是解释器，"
    "调整批处理方式往往比重写更有效。",
]

CODE = [
    (
        "python",
        "import csv\n\n\ndef rows(path: str):\n    with open(path, newline='', encoding='utf-8') as f:\n"
        "        for row in csv.DictReader(f):\n            yield row  # one row at a time\n\n\n"
        "total = sum(float(r['amount']) for r in rows('sales_{n}.csv'))\nprint(f'total: {{total:.2f}}')\n",
    ),
    (
        "typescript",
        "interface User {{\n  id: number;\n  name: string;\n  tags?: string[];\n}}\n\n"
        "export async function load(id: number): Promise<User> {{\n"
        "  const res = await fetch(`/api/users/${{id}}?v={n}`);\n"
        "  if (!res.ok) throw new Error(`HTTP ${{res.status}}`);\n  return (await res.json()) as User;\n}}\n",
    ),
    (
        "bash",
        '#!/usr/bin/env bash\nset -euo pipefail\nsrc="$HOME/projects"\ndest="/backup/$(date +%F)-{n}"\n'
        'mkdir -p "$dest"\nrsync -a --delete "$src/" "$dest/"\n'
        "ls -1d /backup/* | sort | head -n -7 | xargs -r rm -rf\n",
    ),
    (
        "sql",
        "CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, tokenize = 'trigram');\n"
        "INSERT INTO docs_fts(title, body) SELECT title, body FROM docs WHERE id > {n};\n"
        "SELECT title FROM docs_fts WHERE docs_fts MATCH '全文搜索' ORDER BY rank LIMIT 20;\n",
    ),
]

TABLE = (
    "| Option | Memory | Speed | 说明 |\n|:--|--:|--:|:--|\n| read() | whole file | fast | 一次读入 |\n"
    "| iterate | one line | fast | 逐行处理 |\n| mmap | paged | fastest | 内存映射 |\n"
    "| chunk {n} | fixed | good | 分块 |\n"
)


def make_reply(rng: random.Random, n: int) -> str:
    """A model answer of a few KB: heading, prose, list, code, maybe a table, in English and Chinese."""
    parts = [f"## {rng.choice(['Answer', 'Explanation', '解答', '分析'])} {n}\n"]
    for _ in range(rng.randint(5, 9)):
        parts.append(rng.choice(PROSE_EN))
        parts.append(rng.choice(PROSE_ZH))
        parts.append(f"1. First, check **step {n}**\n2. Then use `value_{n}` with care\n   - 注意边界情况\n")
        if rng.random() < 0.7:
            lang, code = rng.choice(CODE)
            parts.append(f"```{lang}\n{code.format(n=n)}```\n")
        if rng.random() < 0.25:
            parts.append(TABLE.format(n=n))
    parts.append(f"> Note {n}: 以上方法在 Python 3.12 上测试通过。\n")
    return "\n\n".join(parts)


def make_conversation(first_id: int, messages: int, seed: int) -> list[MessageRow]:
    rng = random.Random(seed)
    rows: list[MessageRow] = []
    for i in range(messages):
        message_id = first_id + i
        if i % 2 == 0:
            text = f"{rng.choice(QUESTIONS)} (#{i})"
            if rng.random() < 0.3:
                text += "\n\n" + rng.choice(PROSE_ZH) + "\n\n" + rng.choice(PROSE_EN)
            rows.append((message_id, "user", text, "", "complete", None))
        else:
            rows.append((message_id, "model", make_reply(rng, i), "gemini-2.5-pro", "complete", None))
    return rows


class PaintWatch(QObject):
    """Counts paint events of a widget (its viewport), to wait for the first paint after a change."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def until_painted(app: QApplication, watch: PaintWatch, action: Callable[[], object]) -> float:
    """Seconds from the start of ``action`` until the viewport has painted afterwards."""
    app.processEvents()
    watch.painted = False
    start = time.perf_counter()
    action()
    deadline = start + 120
    while not watch.painted and time.perf_counter() < deadline:
        app.processEvents()
    return time.perf_counter() - start


def measure(
    app: QApplication, view: TranscriptView, a: list[MessageRow], b: list[MessageRow], switches: int
) -> tuple[float, float, list[float]]:
    """(open, mean warm switch, switch times) for one view."""
    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    view.resize(900, 700)
    view.show()
    # Warm up Qt, the Markdown parser and the Pygments lexers on a conversation outside the measurement.
    until_painted(app, watch, lambda: view.set_messages(make_conversation(900_000, 6, 99)))
    opened = until_painted(app, watch, lambda: view.set_messages(a))
    until_painted(app, watch, lambda: view.set_messages(b))  # B is shown once: now both caches are warm
    times = []
    for n in range(switches):
        target = a if n % 2 == 0 else b
        times.append(until_painted(app, watch, partial(view.set_messages, target)))
    view.viewport().removeEventFilter(watch)
    return opened, statistics.mean(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--switches", type=int, default=4)
    parser.add_argument("--baseline-switches", type=int, default=2)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    a = make_conversation(1, args.messages, seed=1)
    b = make_conversation(100_000, args.messages, seed=2)
    size_mb = sum(len(row[2].encode()) for row in a) / 1e6
    print(f"two conversations of {args.messages} messages, {size_mb:.1f} MB of Markdown (UTF-8) each")

    paged = TranscriptView()
    opened, switched, times = measure(app, paged, a, b, args.switches)
    shown = len(paged.document().toPlainText())
    print(
        f"paged:    open {opened * 1e3:.0f} ms, switch (warm) {switched * 1e3:.0f} ms "
        f"[{', '.join(f'{t * 1e3:.0f}' for t in times)}]; target <= {TARGET_MS} ms; "
        f"{args.messages - paged.earlier_count} messages rendered, {shown / 1e3:.0f} K characters"
    )
    earlier = []
    for _ in range(3):
        start = time.perf_counter()
        paged.load_earlier()
        earlier.append(time.perf_counter() - start)
    print(f"paged:    load one earlier page {statistics.mean(earlier) * 1e3:.0f} ms (mean of 3, cold)")
    paged.close()

    # The old behaviour: every row rendered. A cache big enough for both conversations keeps its switch warm.
    full = TranscriptView(page_size=10**9, page_chars=10**12, cache_size=4 * args.messages)
    base_open, base_switch, base_times = measure(app, full, a, b, args.baseline_switches)
    print(
        f"baseline: open {base_open * 1e3:.0f} ms, switch (warm) {base_switch * 1e3:.0f} ms "
        f"[{', '.join(f'{t * 1e3:.0f}' for t in base_times)}]; all {args.messages} messages rendered"
    )
    full.close()
    print(
        f"paged is {base_open / opened:.0f}x faster to open, {base_switch / switched:.0f}x faster to switch"
    )
    ok = opened * 1e3 <= TARGET_MS and switched * 1e3 <= TARGET_MS
    print("target met" if ok else "target NOT met")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
