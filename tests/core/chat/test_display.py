"""A reply's displayed Markdown is a pure function of its raw parts and grounding."""

from __future__ import annotations

import base64
from typing import Any

from app.core.chat.display import (
    DisplayLabels,
    decode_image_part,
    image_key,
    parse_image_key,
    part_markdown,
    reply_markdown,
    usage_line,
)
from app.core.gemini.events import GroundingInfo
from app.demo import content

CODE: dict[str, Any] = {"executableCode": {"language": "PYTHON", "code": "print(1 + 1)\n"}}


def test_text_parts_are_shown_as_written_and_thoughts_are_left_out() -> None:
    parts: list[dict[str, Any]] = [
        {"text": "secret plan", "thought": True},
        {"text": "Hello "},
        {"text": "**world**"},
    ]
    assert reply_markdown(parts) == "Hello **world**"


def test_code_gets_a_label_and_a_fence_in_its_language() -> None:
    markdown = reply_markdown([{"text": "Let me run it."}, CODE])
    assert markdown == "Let me run it.\n\n*Code*\n\n```python\nprint(1 + 1)\n```\n\n"


def test_code_results_are_labelled_by_outcome() -> None:
    def shown(outcome: str) -> str:
        return reply_markdown([{"codeExecutionResult": {"outcome": outcome, "output": "2\n"}}])

    assert shown("OUTCOME_OK") == "\n\n*Output*\n\n```\n2\n```\n\n"
    assert "*Failed*" in shown("OUTCOME_FAILED")
    assert "*Timed out*" in shown("OUTCOME_DEADLINE_EXCEEDED")
    assert "*Result (OUTCOME\\_NEW)*" in shown("OUTCOME_NEW")


def test_code_containing_a_fence_gets_a_longer_fence() -> None:
    markdown = reply_markdown([{"executableCode": {"language": "PYTHON", "code": "s = '```'\n"}}])
    assert "````python\ns = '```'\n````" in markdown


def test_function_call_shows_its_name_and_arguments_as_json() -> None:
    call = {"functionCall": {"name": "get_weather", "args": {"city": "上海"}}, "thoughtSignature": "c2ln"}
    markdown = reply_markdown([call])
    # The label rides in the fence's info string: the block's header bar is the call's card header.
    assert '```json gd-tool Function call: get_weather\n{\n  "city": "上海"\n}\n```' in markdown


def test_images_are_numbered_and_keyed_by_message_and_part() -> None:
    image = {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}
    parts: list[dict[str, Any]] = [{"text": "Two pictures:"}, image, {"text": "and"}, image]
    markdown = reply_markdown(parts, image_ref=lambda i: image_key(7, i))
    assert "![image 1](gd-image:m7-p1)" in markdown
    assert "![image 2](gd-image:m7-p3)" in markdown
    assert parse_image_key("m7-p3") == (7, 3)
    assert parse_image_key("p3") is None and parse_image_key("m7-p3x") is None


def test_thought_images_are_not_shown_or_counted() -> None:
    draft = {"inlineData": {"mimeType": "image/png", "data": "AAAA"}, "thought": True}
    final = {"inlineData": {"mimeType": "image/png", "data": "AAAA"}}
    assert reply_markdown([draft, final]).strip() == "![image 1](gd-image:p1)"


def test_audio_is_a_chip_with_its_type_and_size() -> None:
    audio = {"inlineData": {"mimeType": "audio/wav", "data": base64.b64encode(b"x" * 3000).decode()}}
    assert reply_markdown([audio]).strip() == "`audio/wav · 3 KB`"  # the size reads as on the chips


def test_an_image_part_decodes_to_its_bytes() -> None:
    data = b"\x89PNG fake"
    parts: list[dict[str, Any]] = [
        {"text": "x"},
        {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(data).decode()}},
    ]
    assert decode_image_part(parts, 1) == data
    assert decode_image_part(parts, 0) is None and decode_image_part(parts, 5) is None


def test_streamed_snippets_add_up_to_the_final_markdown() -> None:
    image = {"inlineData": {"mimeType": "image/png", "data": "AAAA"}}
    call = {"functionCall": {"name": "f", "args": {}}}
    result = {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "ok"}}
    parts: list[dict[str, Any]] = [{"text": "a"}, CODE, result, {"text": "b"}, image, call]
    streamed = "".join(part_markdown(parts, i) for i in range(len(parts)))
    assert streamed == reply_markdown(parts)


def cjk_grounding(text: str) -> GroundingInfo:
    return GroundingInfo.from_metadata(content.grounding_metadata(text))


def test_citation_markers_land_after_the_right_chinese_characters() -> None:
    text = content.grounding_text()
    markdown = reply_markdown([{"text": text}], cjk_grounding(text))
    assert "是中国最高的建筑。[1]大厦于2015年建成" in markdown
    assert "地上共有128层。[2]Its twisting" in markdown
    assert "about 24%.[3]" in markdown


def test_citation_markers_are_placed_when_the_answer_came_in_several_text_parts() -> None:
    text = content.grounding_text()
    cut = text.index("建成") + 1  # split inside a grounded Chinese sentence
    code = {"executableCode": {"language": "PYTHON", "code": "pass"}}
    markdown = reply_markdown([{"text": text[:cut]}, code, {"text": text[cut:]}], cjk_grounding(text))
    assert "建筑。[1]大厦于2015年建" in markdown
    assert "成，地上共有128层。[2]Its" in markdown
    assert markdown.index("```python") < markdown.index("[2]")


def test_sources_are_a_numbered_list_of_links() -> None:
    text = content.grounding_text()
    markdown = reply_markdown([{"text": text}], cjk_grounding(text))
    sources = markdown[markdown.index("**Sources**") :]
    assert (
        "1. [wikipedia.org](<https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-1>)"
        in sources
    )
    assert (
        "3. [archdaily.com](<https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-3>)"
        in sources
    )


def test_search_suggestions_link_to_google_search_for_each_query() -> None:
    text = content.grounding_text()
    markdown = reply_markdown([{"text": text}], cjk_grounding(text))
    assert markdown.index("**Sources**") < markdown.index("**Search suggestions**")
    assert "[上海中心大厦 高度](<https://www.google.com/search?q=%E4%B8%8A" in markdown
    assert (
        "[Shanghai Tower wind load](<https://www.google.com/search?q=Shanghai+Tower+wind+load>)" in markdown
    )


def test_a_source_without_a_web_uri_is_plain_text_and_titles_cannot_inject_markdown() -> None:
    grounding = GroundingInfo.from_metadata(
        {
            "groundingChunks": [
                {"web": {"uri": "javascript:alert(1)", "title": "evil"}},
                {"web": {"uri": "https://a.example/x y", "title": "[click](https://b.example)"}},
            ]
        }
    )
    markdown = reply_markdown([{"text": "x"}], grounding)
    assert "1. evil" in markdown and "javascript" not in markdown
    assert "2. [\\[click\\](https://b.example)](<https://a.example/x%20y>)" in markdown


def test_usage_line_shows_tokens_and_timing_and_skips_zero_counts() -> None:
    meta = {
        "usage": {"promptTokenCount": 1200, "candidatesTokenCount": 56, "thoughtsTokenCount": 118},
        "time_to_first_token": 1.234,
        "tokens_per_second": 45.5,
    }
    assert usage_line(meta) == "prompt 1,200 · answer 56 · thoughts 118 · first token 1.23 s · 45.5 tok/s"
    assert usage_line({"usage": {"promptTokenCount": 8}}) == "prompt 8 · answer 0"
    assert usage_line({}) == ""


def test_labels_can_be_translated() -> None:
    labels = DisplayLabels(code="代码", sources="来源", usage_prompt="提示 {0}", usage_answer="回答 {0}")
    assert "*代码*" in reply_markdown([CODE], labels=labels)
    assert usage_line({"usage": {"promptTokenCount": 3}}, labels=labels) == "提示 3 · 回答 0"


def test_counts_use_the_number_format_the_labels_carry() -> None:
    meta = {"usage": {"promptTokenCount": 1200, "candidatesTokenCount": 1310, "thoughtsTokenCount": 0}}
    labels = DisplayLabels(number=lambda n: f"{n:,}".replace(",", "."))
    assert usage_line(meta, labels=labels) == "prompt 1.200 · answer 1.310"
