"""Cost: token estimates, prices by model name, the budget, and the usage records."""

from __future__ import annotations

import pytest

from skillsynth.config import Price
from skillsynth.errors import SkillsynthError
from skillsynth.llm.cost import Budget, cost_usd, estimate_prompt_tokens, estimate_text_tokens, price_for
from skillsynth.llm.usage import Usage, merge_usage

PRICES = {"gpt-4o-mini": Price(input=0.15, output=0.60), "gpt-4o": Price(input=2.5, output=10.0)}


@pytest.mark.parametrize(("text", "tokens"), [("", 0), ("abcd", 1), ("abcde", 2), ("x" * 400, 100)])
def test_text_tokens_at_four_characters_each(text: str, tokens: int) -> None:
    assert estimate_text_tokens(text) == tokens


def test_prompt_estimate_counts_messages_and_schema() -> None:
    messages = [{"role": "system", "content": "x" * 40}, {"role": "user", "content": "y" * 80}]
    schema = {"type": "object"}  # {"type":"object"} is 17 characters -> 5 tokens
    assert estimate_prompt_tokens(messages, schema) == (10 + 4) + (20 + 4) + 5


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("gpt-4o-mini", PRICES["gpt-4o-mini"]),
        ("gpt-4o-mini-2024-07-18", PRICES["gpt-4o-mini"]),
        ("gpt-4o-2024-08-06", PRICES["gpt-4o"]),
    ],
)
def test_price_by_exact_name_or_longest_prefix(model: str, expected: Price) -> None:
    assert price_for(model, PRICES) == expected


def test_unpriced_model_is_one_clear_line() -> None:
    with pytest.raises(SkillsynthError) as caught:
        price_for("llama3.1:8b", PRICES)
    message = str(caught.value)
    assert message.startswith("llm.prices: no price for model 'llama3.1:8b'") and "\n" not in message


def test_cost_is_per_million_tokens() -> None:
    assert cost_usd(1_000_000, 0, PRICES["gpt-4o-mini"]) == pytest.approx(0.15)
    assert cost_usd(2000, 500, PRICES["gpt-4o-mini"]) == pytest.approx((2000 * 0.15 + 500 * 0.60) / 1e6)
    assert cost_usd(10, 10, Price(input=0, output=0)) == 0


def test_budget_holds_estimates_in_flight_and_settles_real_costs() -> None:
    budget = Budget(limit=1.0)
    assert budget.reserve(0.4) and budget.reserve(0.4)
    assert not budget.reserve(0.4)  # 0.8 in flight: a third would pass the limit
    budget.settle(0.4, 0.1)
    assert budget.reserve(0.4)  # real cost was lower
    budget.settle(0.4, 0.9)
    assert budget.spent == pytest.approx(1.0) and not budget.reserve(0.01)


def test_usage_records_merge_into_totals() -> None:
    generate = Usage(calls=8, requests=10, retries=2, tokens_in=100, cost_usd=0.0012345678).report("generate", "x")
    label = Usage(calls=24, cache_hits=24).report("label", "openai:gpt-4o-mini")
    assert generate["cost_usd"] == 0.001235 and generate["stage"] == "generate"
    merged = merge_usage({"generate": generate, "label": label})
    assert merged["total"]["calls"] == 32 and merged["total"]["requests"] == 10
    assert merged["total"]["cache_hits"] == 24 and merged["total"]["cost_usd"] == 0.001235
    assert isinstance(merged["total"]["requests"], int) and merged["label"] == label
