"""Realistic model answers for the benchmarks: long Markdown (code blocks, tables, lists, CJK) and chunks.

No Qt here: the gateway process of the benchmarks imports it too.
"""

from __future__ import annotations

import random
from typing import Any

from app.demo.responses import chunk, estimate_tokens, usage
from app.demo.scenario import JsonObject

MessageRow = tuple[Any, ...]
"""(message id, role, markdown, header, status, notice), as ``TranscriptView.set_messages`` takes them."""

SECTION = """## Section {n}: reading files

The simplest way to read a file is the built-in `open()` used as a *context manager*, so the file is **always
closed**, even when an exception escapes the block. For large inputs iterate line by line instead.

```python
def read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:  # closed automatically
        return [line.rstrip("\\n") for line in f if line.strip()]
```

| Method | Returns | Memory |
|:--|:-:|--:|
| `f.read()` | str | whole file |
| `for line in f` | lines | one line |

1. Open the file
2. Iterate over it
   - strip newlines

在 Python 中读取文件最常用的方法是使用 `with open(...)` 语句。
它会在代码块结束时自动关闭文件，即使发生异常也一样。

"""


def markdown_answer(chars: int) -> str:
    """A Markdown answer of ``chars`` characters: headings, prose, a code block, a table, a list, Chinese."""
    parts: list[str] = []
    size = 0
    n = 0
    while size < chars:
        section = SECTION.format(n=n)
        parts.append(section)
        size += len(section)
        n += 1
    return "".join(parts)[:chars]


def pieces(text: str, count: int) -> list[str]:
    """Cut ``text`` into ``count`` pieces of (nearly) equal length, ignoring word boundaries like a model."""
    size, extra = divmod(len(text), count)
    out = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(text[start:end])
        start = end
    return [p for p in out if p]


def response_chunks(texts: list[str], prompt_tokens: int = 20) -> list[JsonObject]:
    """Gemini streaming response objects carrying ``texts``, cumulative usage, STOP on the last."""
    chunks: list[JsonObject] = []
    tokens = 0
    for number, text in enumerate(texts, start=1):
        tokens += estimate_tokens(text)
        last = number == len(texts)
        chunks.append(
            chunk(
                [{"text": text}],
                usage_metadata=usage(prompt_tokens, tokens),
                finish_reason="STOP" if last else None,
            )
        )
    return chunks


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
    """Rows of a conversation: questions, and answers of a few KB each (about 2.5 KB per message)."""
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


# Formula shapes a model writes in a long mathematical answer; {i} and {j} make each one distinct.
INLINE_FORMULAS = (
    r"x_{i}^{2} + y_{j}^{2}",
    r"\alpha_{i} \le \beta_{j}",
    r"\frac{a_{i}}{b_{j}}",
    r"e^{i\theta_{j}}",
    r"\sqrt{n_{i} + {j}}",
    r"O(n^{i} \log n)",
    r"\sum_{k=1}^{i} k^{j}",
    r"f'(x_{i}) = {j}x",
)
DISPLAY_FORMULAS = (
    r"\int_{0}^{i} e^{-x^{2}}\,dx \approx \frac{\sqrt{\pi}}{2} + {j}",
    r"\sum_{n=1}^{\infty} \frac{1}{n^{i}} = \zeta({i}) + {j}",
    r"\begin{pmatrix} a_{i} & b \\ c & d_{j} \end{pmatrix} \begin{pmatrix} x \\ y \end{pmatrix} = 0",
    r"\lim_{x \to {i}} \frac{\sin x}{x} = {j}",
    r"\mathbf{E}[X_{i}] = \sum_{k} k \, P(X_{i} = k) + {j}",
)
MATH_PARAGRAPH = (
    "For the {n}-th case we bound {a} by {b}, so the sum stays finite while the step {c} shrinks; "
    "the estimate {d} then follows from the previous section and costs $5 per run, less than $10.\n\n"
)


def math_answer(chars: int, formulas: int, *, with_math: bool = True, variant: int = 0) -> str:
    """A Markdown answer of about ``chars`` characters with ``formulas`` formulas (4 inline : 1 display).

    Without math the same answer carries each formula's source as plain text instead (same length, same
    paragraphs), the baseline the math costs are compared with. Answers of another ``variant`` have other
    formulas (none typeset yet).
    """

    def formula(template: str, i: int, display: bool) -> str:
        latex = template.replace("{i}", f"{{{i % 97 + 1}}}").replace(
            "{j}", f"{{{i // 97 + 2 + variant * 7}}}"
        )
        if not with_math:
            return latex.replace("\\", "").replace("$", "")
        return f"\n$$\n{latex}\n$$\n" if display else f"${latex}$"

    parts: list[str] = []
    made = 0
    n = 0
    while made < formulas:
        inline = [
            formula(INLINE_FORMULAS[(made + k) % len(INLINE_FORMULAS)], made + k, False) for k in range(4)
        ]
        made += 4
        parts.append(MATH_PARAGRAPH.format(n=n, a=inline[0], b=inline[1], c=inline[2], d=inline[3]))
        if made < formulas:
            parts.append(formula(DISPLAY_FORMULAS[n % len(DISPLAY_FORMULAS)], made, True) + "\n")
            made += 1
        n += 1
    # Whole sections of ordinary prose (code, a table, a list, Chinese) between the mathematical paragraphs,
    # as in a real long answer.
    room = max(0, chars - sum(map(len, parts)))
    sections = [SECTION.format(n=n) for n in range(max(1, room // len(SECTION)))]
    step = max(1, len(parts) // len(sections))
    out: list[str] = []
    for index, part in enumerate(parts):
        out.append(part)
        if index % step == step - 1 and sections:
            out.append(sections.pop(0))
    out += sections
    return "".join(out)
