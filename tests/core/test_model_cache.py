import json
from pathlib import Path

from app.core.gemini.models_list import MAX_MODELS, ModelInfo
from app.core.model_cache import ModelCache

PRO = ModelInfo("gemini-2.5-pro", "Gemini 2.5 Pro", "vertex", True, raw={"secret_field": "x"})
EMBED = ModelInfo("text-embedding-004", "text-embedding-004", "", False)


def test_saved_list_loads_back_with_its_timestamp_and_order(tmp_path: Path) -> None:
    cache = ModelCache(tmp_path / "cache", clock=lambda: 1_700_000_000.5)
    cache.save("https://gogogotoken.ai", [PRO, EMBED])
    loaded = cache.load("https://gogogotoken.ai")
    assert loaded is not None
    assert loaded.models == [PRO, EMBED]
    assert [m.is_chat for m in loaded.models] == [True, False]
    assert loaded.models[0].display_name == "Gemini 2.5 Pro"
    assert loaded.fetched_at == 1_700_000_000.5
    assert loaded.age(now=1_700_000_010.5) == 10.0


def test_lists_are_kept_per_gateway(tmp_path: Path) -> None:
    cache = ModelCache(tmp_path)
    cache.save("https://a.example", [PRO])
    cache.save("https://b.example", [EMBED])
    a = cache.load("https://a.example")
    b = cache.load("https://b.example")
    assert a is not None and b is not None
    assert [m.id for m in a.models] == ["gemini-2.5-pro"]
    assert [m.id for m in b.models] == ["text-embedding-004"]
    assert cache.load("https://c.example") is None
    # A trailing slash is the same gateway.
    assert cache.load("https://a.example/") == a


def test_raw_gateway_entries_are_not_written(tmp_path: Path) -> None:
    cache = ModelCache(tmp_path)
    cache.save("https://a.example", [PRO])
    text = cache.path_for("https://a.example").read_text(encoding="utf-8")
    assert "secret_field" not in text
    assert json.loads(text)["base_url"] == "https://a.example"


def test_broken_or_foreign_files_count_as_nothing_cached(tmp_path: Path) -> None:
    cache = ModelCache(tmp_path)
    path = cache.path_for("https://a.example")
    path.write_text("{not json", encoding="utf-8")
    assert cache.load("https://a.example") is None
    # A file that claims another gateway (a hash collision or a copied file) is not trusted.
    path.write_text(
        json.dumps({"version": 1, "base_url": "https://b.example", "fetched_at": 1, "models": []}),
        encoding="utf-8",
    )
    assert cache.load("https://a.example") is None
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "base_url": "https://a.example",
                "fetched_at": 5,
                "models": [{"id": "gemini-x"}, {"id": ""}, 3, {"name": "no-id"}],
            }
        ),
        encoding="utf-8",
    )
    loaded = cache.load("https://a.example")
    assert loaded is not None
    assert [m.id for m in loaded.models] == ["gemini-x"]


def test_save_replaces_the_file_atomically_and_clear_removes_it(tmp_path: Path) -> None:
    cache = ModelCache(tmp_path)
    cache.save("https://a.example", [PRO])
    cache.save("https://a.example", [EMBED], fetched_at=42.0)
    loaded = cache.load("https://a.example")
    assert loaded is not None and loaded.models == [EMBED] and loaded.fetched_at == 42.0
    assert [p.name for p in tmp_path.iterdir()] == [cache.path_for("https://a.example").name]
    cache.clear("https://a.example")
    cache.clear("https://a.example")
    assert cache.load("https://a.example") is None


def test_a_list_cached_with_ids_for_names_reads_back_with_readable_names(tmp_path: Path) -> None:
    # Lists cached before names were derived hold new-api's id as the name.
    cache = ModelCache(tmp_path)
    cache.save("https://a.example", [ModelInfo("gemini-2.5-flash", "gemini-2.5-flash", "", True), EMBED])
    loaded = cache.load("https://a.example")
    assert loaded is not None
    assert [m.display_name for m in loaded.models] == ["Gemini 2.5 Flash", "text-embedding-004"]


def test_a_list_cached_before_lists_were_capped_reads_back_capped(tmp_path: Path) -> None:
    # A cached 100,000-model list froze the start-up for seconds even after the gateway came to its senses.
    cache = ModelCache(tmp_path / "cache")
    many = [ModelInfo(f"gemini-x-{n}", f"X {n}", "", True) for n in range(MAX_MODELS + 500)]
    cache.save("https://gogogotoken.ai", many)
    loaded = cache.load("https://gogogotoken.ai")
    assert loaded is not None
    assert loaded.models == many[:MAX_MODELS]
