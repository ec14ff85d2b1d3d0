from app.core.chat.generation import (
    GenerationSettings,
    fit_thinking_to_model,
    model_traits,
    request_fields,
    validate,
)
from app.core.texts import render


def test_system_instruction_goes_to_system_instruction_not_contents() -> None:
    fields = request_fields(GenerationSettings(system_instruction="Be brief."), "gemini-2.5-flash")
    assert fields["systemInstruction"] == {"parts": [{"text": "Be brief."}]}
    assert "contents" not in fields


def test_gemini_25_gets_a_budget_and_gemini_3_a_level_never_both() -> None:
    settings = GenerationSettings(thinking_budget=1024, thinking_level="low", include_thoughts=True)
    flash = request_fields(settings, "gemini-2.5-flash")["generationConfig"]["thinkingConfig"]
    three = request_fields(settings, "gemini-3-pro-preview")["generationConfig"]["thinkingConfig"]
    assert flash == {"includeThoughts": True, "thinkingBudget": 1024}
    assert three == {"includeThoughts": True, "thinkingLevel": "low"}


def test_pro_models_cannot_turn_thinking_off() -> None:
    problems = validate(GenerationSettings(thinking_budget=0), "gemini-2.5-pro")
    assert [p.field_name for p in problems] == ["thinking_budget"]
    assert "Pro" in render(problems[0].message, "en") and "Pro" in render(problems[0].message, "zh_CN")
    assert validate(GenerationSettings(thinking_budget=0), "gemini-2.5-flash") == []


def test_out_of_range_values_are_reported_per_field() -> None:
    settings = GenerationSettings(temperature=2.5, top_p=1.5, top_k=0, stop_sequences=tuple("abcdef"))
    fields = {p.field_name for p in validate(settings, "gemini-2.5-flash")}
    assert fields == {"temperature", "top_p", "top_k", "stop_sequences"}


def test_parameters_tools_safety_and_image_output_map_to_request_fields() -> None:
    settings = GenerationSettings(
        temperature=0.3,
        top_p=0.9,
        top_k=20,
        max_output_tokens=512,
        stop_sequences=("END",),
        seed=7,
        safety={"HARM_CATEGORY_HARASSMENT": "BLOCK_ONLY_HIGH"},
        image_output=True,
        google_search=True,
        code_execution=True,
        url_context=True,
        include_thoughts=False,
    )
    fields = request_fields(settings, "gemini-2.5-flash-image")
    assert fields["generationConfig"] == {
        "temperature": 0.3,
        "topP": 0.9,
        "topK": 20,
        "maxOutputTokens": 512,
        "seed": 7,
        "stopSequences": ["END"],
        "responseModalities": ["TEXT", "IMAGE"],
    }
    assert fields["safetySettings"] == [
        {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}
    ]
    assert fields["tools"] == [{"googleSearch": {}}, {"codeExecution": {}}, {"urlContext": {}}]


def test_settings_round_trip_through_json_and_ignore_bad_values() -> None:
    settings = GenerationSettings(
        temperature=1.0, stop_sequences=("x",), safety={"a": "b"}, thinking_level="high"
    )
    assert GenerationSettings.from_dict(settings.to_dict()) == settings
    broken = GenerationSettings.from_dict({"temperature": "hot", "top_k": True, "unknown": 1, "seed": 3})
    assert broken == GenerationSettings(seed=3)


def test_model_traits_read_the_generation_from_the_name() -> None:
    assert model_traits("models/gemini-2.5-pro").is_pro
    assert model_traits("gemini-3-flash-preview").uses_thinking_level
    assert (
        not model_traits("gemini-2.0-flash").supports_thinking
        or model_traits("gemini-2.0-flash").generation == 1
    )
    assert not model_traits("gemini-2.5-flash-image").supports_thinking


def test_a_thinking_budget_the_model_refuses_is_replaced_by_the_model_default() -> None:
    flash_off = GenerationSettings(thinking_budget=0, temperature=0.3)
    fitted, problem = fit_thinking_to_model(flash_off, "gemini-2.5-pro")
    assert problem is not None and problem.field_name == "thinking_budget"
    assert "Pro" in render(problem.message, "en") and render(problem.message, "zh_CN")
    assert fitted.thinking_budget is None and fitted.temperature == 0.3
    assert validate(fitted, "gemini-2.5-pro") == []
    assert "thinkingBudget" not in request_fields(fitted, "gemini-2.5-pro").get("generationConfig", {})


def test_settings_the_model_accepts_are_sent_unchanged() -> None:
    settings = GenerationSettings(thinking_budget=0)
    assert fit_thinking_to_model(settings, "gemini-2.5-flash") == (settings, None)
