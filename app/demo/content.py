"""Scenarios about *what* a successful answer contains, and *how* it is framed and paced.

Each factory returns a fresh `Scenario`. Big payloads (the image, the huge line) are produced by a
generator function at request time, so building or listing scenarios stays cheap.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

from app.demo.png import gradient_png, noise_png
from app.demo.responses import BANNER, chunk, estimate_tokens, signature, text_stream, usage, utf8_span
from app.demo.scenario import JsonObject, Scenario, Shape

SAMPLE_TEXT = (
    f"{BANNER}\n\n"
    "Hello! 你好，世界 🌏. This short answer exercises the framing of a stream: "
    "each event carries one piece of text, 每个事件携带一段文字, and the usage grows with every chunk. "
    "Emoji 👩‍💻 and CJK 汉字 make sure multi-byte characters cross every boundary. 完。"
)

SPLIT_TEXT = (
    f"{BANNER}\n\n多字节字符：汉字、かな、한글、emoji 🎉🚀 — 每一个都可能被切开。Split me anywhere: ✓ ≠ ≈."
)


def _shaped(name: str, shape: Shape | None, **options: object) -> Scenario:
    scenario = Scenario(name=name, shape=shape, chunks=text_stream(SAMPLE_TEXT, size=60))
    for key, value in options.items():
        setattr(scenario, key, value)
    return scenario


def sse_crlf() -> Scenario:
    """Google's own SSE: ``data: {json}`` CRLF CRLF, no ``[DONE]``."""
    return _shaped("sse-crlf", "google-sse")


def sse_lf() -> Scenario:
    """new-api's re-emitted SSE: compact Go JSON, LF LF."""
    return _shaped("sse-lf", "gateway-sse")


def sse_cr() -> Scenario:
    """SSE with bare CR line ends (``data: {json}`` CR CR): valid by the standard, rare in practice."""
    return _shaped("sse-cr", "cr-sse")


def json_array() -> Scenario:
    """Google without ``alt=sse``: a pretty-printed JSON array streamed element by element."""
    return _shaped("json-array", "json-array")


def single_object() -> Scenario:
    """One ordinary response object (old new-api without ``alt=sse``)."""
    return _shaped("object", "object")


def split_random() -> Scenario:
    """Google SSE re-cut into random pieces of 1..48 bytes, written a few milliseconds apart."""
    return Scenario(
        "split-random",
        "google-sse",
        text_stream(SPLIT_TEXT, size=40),
        split="random",
        seed=7,
        write_delay=0.002,
    )


def split_bytes() -> Scenario:
    """Google SSE written one byte at a time: inside every multi-byte character and between CR and LF."""
    return Scenario(
        "split-bytes", "google-sse", text_stream(SPLIT_TEXT, size=60), split=1, write_delay=0.0005
    )


def ping_done() -> Scenario:
    """Older new-api SSE: ``: PING`` comments between events and a trailing ``data: [DONE]``."""
    return _shaped("ping-done", "gateway-sse", ping=True, done=True)


def slow_first_byte(delay: float = 3.0) -> Scenario:
    """Nothing at all (not even headers) for `delay` seconds, like a model thinking for a while."""
    return _shaped("slow-first-byte", None, first_byte_delay=delay)


def slow_chunks(delay: float = 0.5) -> Scenario:
    """Events `delay` seconds apart."""
    return _shaped("slow-chunks", None, chunk_delay=delay)


def thoughts() -> Scenario:
    """Thought summaries (the first carrying a signature), the answer, then an empty signed STOP chunk."""
    answer = (
        f"{BANNER}\n\n"
        "After thinking it over: **the sum of the first ten primes is 129**. "
        "前十个质数之和是 129。"
    )
    parts_thoughts = [
        "**Listing the primes**\n\nThe first ten primes are 2, 3, 5, 7, 11, 13, 17, 19, 23 and 29.",
        "**Adding them up**\n\n2+3+5+7 = 17; 11+13+17+19 = 60; 23+29 = 52; 17+60+52 = 129.",
    ]
    chunks = [
        chunk(
            [{"text": parts_thoughts[0], "thought": True, "thoughtSignature": signature(11)}],
            usage_metadata=usage(14, 0, 60),
        ),
        chunk([{"text": parts_thoughts[1], "thought": True}], usage_metadata=usage(14, 0, 118)),
        chunk([{"text": answer[:70]}], usage_metadata=usage(14, estimate_tokens(answer[:70]), 118)),
        chunk([{"text": answer[70:]}], usage_metadata=usage(14, estimate_tokens(answer), 118)),
        chunk(
            [{"text": "", "thoughtSignature": signature(12)}],
            usage_metadata=usage(14, estimate_tokens(answer), 118),
            finish_reason="STOP",
        ),
    ]
    return Scenario("thoughts", chunks=chunks)


def function_call() -> Scenario:
    """A ``functionCall`` carrying a ``thoughtSignature`` (it must be sent back verbatim)."""
    call = {"name": "get_weather", "args": {"city": "上海", "unit": "celsius"}}
    chunks = [
        chunk(
            [{"functionCall": call, "thoughtSignature": signature(21)}],
            usage_metadata=usage(40, 18, 52),
            finish_reason="STOP",
        )
    ]
    return Scenario("function-call", chunks=chunks)


def code_execution() -> Scenario:
    """Text, ``executableCode``, ``codeExecutionResult`` (OUTCOME_OK), then the conclusion."""
    code = (
        "primes = [n for n in range(2, 30) if all(n % d for d in range(2, n))]\nprint(primes, sum(primes))\n"
    )
    intro = f"{BANNER}\n\nLet me compute that with code.\n\n"
    chunks = [
        chunk([{"text": intro}], usage_metadata=usage(20, 12)),
        chunk([{"executableCode": {"language": "PYTHON", "code": code}}], usage_metadata=usage(20, 45)),
        chunk(
            [
                {
                    "codeExecutionResult": {
                        "outcome": "OUTCOME_OK",
                        "output": "[2, 3, 5, 7, 11, 13, 17, 19, 23, 29] 129\n",
                    }
                }
            ],
            usage_metadata=usage(20, 45),
        ),
        chunk(
            [{"text": "The first ten primes add up to **129**."}],
            usage_metadata=usage(20, 56),
            finish_reason="STOP",
        ),
    ]
    return Scenario("code-execution", chunks=chunks)


GROUNDED_SENTENCES = (
    "上海中心大厦高632米，是中国最高的建筑。",
    "大厦于2015年建成，地上共有128层。",
    "Its twisting façade reduces wind loads by about 24%.",
)


def grounding_text() -> str:
    """Return the full answer text of the ``grounding-cjk`` scenario."""
    return f"{BANNER}\n\n" + "".join(GROUNDED_SENTENCES)


def grounding_metadata(text: str) -> JsonObject:
    """Build ``groundingMetadata`` whose segments are UTF-8 byte offsets into `text`."""
    queries = ["上海中心大厦 高度", "Shanghai Tower wind load"]
    chips = "".join(f'<a class="chip" href="https://www.google.com/search?q={q}">{q}</a>' for q in queries)
    rendered = (
        "<style>.container{display:flex;gap:8px;font-family:sans-serif}"
        ".chip{border:1px solid #ccc;border-radius:16px;padding:4px 12px;text-decoration:none}</style>"
        f'<div class="container"><div class="headline">Search suggestions</div>{chips}</div>'
    )
    supports = []
    for index, sentence in enumerate(GROUNDED_SENTENCES):
        start, end = utf8_span(text, sentence)
        supports.append(
            {
                "segment": {"startIndex": start, "endIndex": end, "text": sentence},
                "groundingChunkIndices": [index],
            }
        )
    return {
        "searchEntryPoint": {"renderedContent": rendered},
        "groundingChunks": [
            {
                "web": {
                    "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-1",
                    "title": "wikipedia.org",
                }
            },
            {
                "web": {
                    "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-2",
                    "title": "shanghaitower.com",
                }
            },
            {
                "web": {
                    "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-3",
                    "title": "archdaily.com",
                }
            },
        ],
        "groundingSupports": supports,
        "webSearchQueries": queries,
    }


def grounding_cjk() -> Scenario:
    """A Chinese answer with search grounding; segment offsets are UTF-8 bytes of the whole answer."""
    text = grounding_text()
    chunks = text_stream(text, size=30)
    candidate = chunks[-1]["candidates"][0]
    candidate["groundingMetadata"] = grounding_metadata(text)
    candidate["index"] = candidate.pop("index")  # keep Google's order: index last
    return Scenario("grounding-cjk", chunks=chunks)


def image(width: int = 1100, height: int = 1000) -> Scenario:
    """Some text, then a noise PNG as ``inlineData``: one event of about 4.4 MB of base64."""

    def chunks() -> Iterator[JsonObject]:
        yield chunk([{"text": f"{BANNER}\n\nHere is the image you asked for:"}], usage_metadata=usage(9, 12))
        data = base64.b64encode(noise_png(width, height, seed=3)).decode()
        yield chunk(
            [{"inlineData": {"mimeType": "image/png", "data": data}}],
            usage_metadata=usage(9, 1302),
            finish_reason="STOP",
        )

    return Scenario("image", chunks=chunks)


def image_only() -> Scenario:
    """An answer that is only an image (a small gradient PNG as ``inlineData``), no text at all."""
    data = base64.b64encode(gradient_png(96, 64)).decode()
    return Scenario(
        "image-only",
        chunks=[
            chunk(
                [{"inlineData": {"mimeType": "image/png", "data": data}}],
                usage_metadata=usage(6, 258),
                finish_reason="STOP",
            )
        ],
    )


def max_tokens_no_parts() -> Scenario:
    """MAX_TOKENS spent on thinking: a candidate whose content has no ``parts`` at all."""
    return Scenario(
        "max-tokens-no-parts",
        chunks=[chunk(None, usage_metadata=usage(8, 0, 99), finish_reason="MAX_TOKENS")],
    )


SAFETY_CATEGORIES = (
    "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    "HARM_CATEGORY_HATE_SPEECH",
    "HARM_CATEGORY_HARASSMENT",
    "HARM_CATEGORY_DANGEROUS_CONTENT",
)


def _ratings(blocked: str) -> list[JsonObject]:
    ratings: list[JsonObject] = []
    for category in SAFETY_CATEGORIES:
        rating: JsonObject = {
            "category": category,
            "probability": "HIGH" if category == blocked else "NEGLIGIBLE",
        }
        if category == blocked:
            rating["blocked"] = True
        ratings.append(rating)
    return ratings


def blocked_prompt() -> Scenario:
    """HTTP 200 with ``promptFeedback.blockReason`` SAFETY and no candidates."""
    obj = {
        "promptFeedback": {
            "blockReason": "SAFETY",
            "safetyRatings": _ratings("HARM_CATEGORY_DANGEROUS_CONTENT"),
        },
        "usageMetadata": usage(11),
    }
    return Scenario("blocked-prompt", chunks=[obj])


def safety() -> Scenario:
    """Some text, then ``finishReason`` SAFETY with ``safetyRatings``."""
    first = chunk([{"text": f"{BANNER}\n\nHere is how one would"}], usage_metadata=usage(15, 8))
    last = chunk(
        [{"text": ""}],
        usage_metadata=usage(15, 8),
        finish_reason="SAFETY",
        safetyRatings=_ratings("HARM_CATEGORY_DANGEROUS_CONTENT"),
    )
    return Scenario("safety", chunks=[first, last])


def unknown_fields() -> Scenario:
    """Unknown fields at every level and an unknown part kind: a client must ignore them."""
    first = chunk(
        [{"text": f"{BANNER}\n\nFields from the future are ignored. ", "futurePartField": {"x": 1}}],
        usage_metadata={**usage(7, 9), "futureUsageField": 3},
        avgLogprobs=-0.21,
        futureCandidateField={"nested": [1, 2, 3]},
    )
    first["futureTopLevelField"] = {"enabled": True}
    second = chunk(
        [
            {"hologram": {"uri": "demo://hologram/1", "mimeType": "model/x-hologram"}},
            {"text": "Still here. 还在。"},
        ],
        usage_metadata=usage(7, 16),
        finish_reason="STOP",
    )
    second["serverTiming"] = "gfet4t7; dur=812"
    return Scenario("unknown-fields", chunks=[first, second])


def long_markdown_text() -> str:
    """Return a long Markdown document mixing English and Chinese, lists, tables and code."""
    sections = [f"{BANNER}\n\n# A long answer · 一个很长的回答\n"]
    for number in range(1, 9):
        sections.append(
            f"\n## {number}. Section {number} · 第{number}节\n\n"
            f"This paragraph explains point {number} in some detail, "
            "so that the renderer has real prose to wrap. "
            f"这一段用中文解释第{number}点，包含**粗体**、*斜体*和`行内代码`，以及一个[链接](https://example.com/{number})。\n\n"
            f"- First item of list {number}\n- 第二项：混合 English 与中文\n  - nested item `x = {number}`\n"
            f"1. ordered one\n2. ordered two\n\n"
            "| Name | 名称 | Value |\n|---|---|---:|\n"
            f"| alpha | 甲 | {number * 10} |\n| beta | 乙 | {number * 20} |\n\n"
            f"```python\ndef section_{number}(value: int) -> int:\n"
            "    # 返回平方\n    return value * value\n```\n\n"
            f"> A quote for section {number}. 引用第{number}节。\n"
        )
    sections.append("\n---\n\nThat is all. 全文完。\n")
    return "".join(sections)


def long_markdown() -> Scenario:
    """A long Markdown answer in many ~150-character chunks."""
    return Scenario("long-markdown", chunks=text_stream(long_markdown_text(), prompt_tokens=30))


MATH_MARKDOWN = r"""## Gaussian integral · 高斯积分

The Gaussian integral $\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}$ is worth remembering, as is
Euler's identity \(e^{i\pi} + 1 = 0\). Squaring the integral and switching to polar coordinates:

$$
I^2 = \int_0^{2\pi}\!\int_0^{\infty} e^{-r^2}\, r\,dr\,d\theta = \pi
$$

The same in brackets, with a matrix:

\[
A = \begin{pmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{pmatrix}, \quad \det A = 1
\]

Money is not math: the book costs $5 and the course $10. Code is not math either: `$x$` and

```python
price = "$5"  # $not math$
```

A series in the line: $$\sum_{n=1}^{\infty} \frac{1}{n^2} = \frac{\pi^2}{6}$$ and a limit
$\lim_{x\to 0} \frac{\sin x}{x} = 1$. A broken formula shows its source: $\frac{1}{$ here.
中文里的公式：$\text{速度} = \frac{\text{距离}}{\text{时间}}$，
即 $v = \frac{\Delta s}{\Delta t}$，单位是米每秒。

- [x] Define $f(x) = x^2$
- [ ] Prove $f'(x) = 2x$
  - nested: $\alpha_i \le \beta_j$
    - deeper still

| Symbol | Meaning | Value |
|:--|:-:|--:|
| $\pi$ | circle ratio | 3.14159 |
| $e$ | Euler's number | 2.71828 |

> Quotes get a bar: "Mathematics is the language of nature."
> > Nested, with $E = mc^2$.

See https://en.wikipedia.org/wiki/Gaussian_integral for more[^1]. ~~Wrong~~ Right.

```mermaid
graph LR; A[Integral] --> B[Polar coordinates] --> C[sqrt(pi)]
```

```text
LONG_LINE
```

[^1]: Also called the Euler–Poisson integral.
"""


def math_markdown() -> Scenario:
    """A mathematical answer: formulas with every delimiter, and the rest of Markdown around them."""
    return Scenario("math", chunks=text_stream(f"{BANNER}\n\n{MATH_MARKDOWN}", prompt_tokens=20))


_LONG_LINE = (
    "a long line of output that is much wider than the transcript, "
    "and wraps inside its block instead of pushing everything sideways"
)
MATH_MARKDOWN = MATH_MARKDOWN.replace("LONG_LINE", _LONG_LINE)
