"""Config of the LLM path: the openai options compose, and bad values stop with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillsynth.config import OpenAIGenerator, OpenAILabeler, load_settings, settings_from_dict
from skillsynth.errors import SkillsynthError
from skillsynth.llm.stage import llm_endpoint


def _openai(repo: Path, *overrides: str):
    return load_settings(["generator=openai", "labeler=openai", *overrides], conf_dir=repo / "conf")


def test_openai_options_compose(repo: Path) -> None:
    settings = _openai(repo)
    assert isinstance(settings.generator, OpenAIGenerator) and isinstance(settings.labeler, OpenAILabeler)
    assert settings.generator.api_key_env == "OPENAI_API_KEY" and settings.labeler.temperature == 0.0
    assert settings.llm.cache_dir is None and settings.generator.model in settings.llm.prices


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("generator.temperature=3", "generator.temperature = 3: Input should be less than or equal to 2"),
        ("labeler.base_url=ftp://example.com", "labeler.base_url = 'ftp://example.com'"),
        ("generator.api_key_env=sk-123", "generator.api_key_env = 'sk-123'"),
        ("generator.responses_per_call=0", "generator.responses_per_call = 0"),
        ("llm.max_cost_usd=-1", "llm.max_cost_usd = -1"),
        ("+generator.max_moves=3", "generator.max_moves is not a known setting"),
    ],
)
def test_bad_openai_values_name_key_value_and_expectation(repo: Path, override: str, expected: str) -> None:
    with pytest.raises(SkillsynthError) as caught:
        _openai(repo, override)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("url", ["https://api.example.com/v1?api-key=abc", "http://me:secret@localhost:8000/v1"])
def test_credentials_in_base_url_are_refused_with_the_reason(repo: Path, url: str) -> None:
    raw = _openai(repo).model_dump()
    raw["generator"]["base_url"] = url
    with pytest.raises(SkillsynthError) as caught:
        settings_from_dict(raw, "params.yaml")
    assert str(caught.value).startswith("params.yaml: generator.base_url: must not hold credentials or a query")
    assert "abc" not in str(caught.value) and "secret" not in str(caught.value)


def test_an_unknown_option_name_lists_the_options(repo: Path) -> None:
    raw = _openai(repo).model_dump()
    raw["labeler"]["name"] = "gpt9"
    with pytest.raises(SkillsynthError) as caught:
        settings_from_dict(raw, "params.yaml")
    assert str(caught.value) == "params.yaml: labeler.name = 'gpt9': expected one of 'heuristic', 'openai'"


def test_endpoint_needs_the_key_variable_and_a_price(repo: Path, monkeypatch) -> None:
    settings = _openai(repo, "generator.api_key_env=SKILLSYNTH_TEST_KEY")
    monkeypatch.delenv("SKILLSYNTH_TEST_KEY", raising=False)
    with pytest.raises(SkillsynthError, match="^generator.api_key_env: the environment variable SKILLSYNTH_TEST_KEY"):
        llm_endpoint(settings.generator, "generator", settings)
    monkeypatch.setenv("SKILLSYNTH_TEST_KEY", "sk-test-config-99")
    endpoint = llm_endpoint(settings.generator, "generator", settings)
    assert endpoint.api_key == "sk-test-config-99" and "sk-test-config-99" not in repr(endpoint)
    unpriced = _openai(repo, "generator.api_key_env=SKILLSYNTH_TEST_KEY", "generator.model=llama3")
    with pytest.raises(SkillsynthError, match="llm.prices: no price for model 'llama3'"):
        llm_endpoint(unpriced.generator, "generator", unpriced)
    assert llm_endpoint(settings.labeler.model_copy(update={"name": "heuristic"}), "labeler", settings) is None
