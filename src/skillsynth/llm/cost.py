"""What LLM calls cost: token estimates before a run, dollars from the config's price table, the budget."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from skillsynth.errors import SkillsynthError

CHARS_PER_TOKEN = 4.0  # English text with OpenAI's tokenizers; estimates only, the API's usage is billed
TOKENS_PER_MESSAGE = 4  # role and separators around each chat message
TOKENS_PER_MILLION = 1_000_000


class Price(Protocol):
    """USD per million input and output tokens (``skillsynth.config.Price``)."""

    input: float
    output: float


def estimate_text_tokens(text: str) -> int:
    """Tokens in ``text``, at about four characters per token."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def estimate_prompt_tokens(messages: Sequence[Mapping[str, str]], schema: Mapping) -> int:
    """Input tokens of one call: its messages plus the JSON schema the server adds to the prompt."""
    text_tokens = sum(estimate_text_tokens(m["content"]) + TOKENS_PER_MESSAGE for m in messages)
    return text_tokens + estimate_text_tokens(json.dumps(schema, separators=(",", ":")))


def price_for(model: str, prices: Mapping[str, Price]) -> Price:
    """The price of ``model``: its exact entry, else the longest entry it starts with (dated snapshots)."""
    if model in prices:
        return prices[model]
    prefixes = [name for name in prices if model.startswith(name)]
    if not prefixes:
        raise SkillsynthError(
            f"llm.prices: no price for model {model!r} (listed: {', '.join(sorted(prices))}); add one, "
            f"e.g. -S '+llm.prices.{model}={{input: 0.15, output: 0.6}}' (USD per million tokens; 0 for a local server)"
        )
    return prices[max(prefixes, key=len)]


def cost_usd(tokens_in: int, tokens_out: int, price: Price) -> float:
    """Dollars for ``tokens_in`` prompt and ``tokens_out`` completion tokens."""
    return (tokens_in * price.input + tokens_out * price.output) / TOKENS_PER_MILLION


@dataclass
class Budget:
    """Spending so far against ``limit``: a call is sent only if its estimate still fits.

    Calls in flight hold a reservation of their estimate until their real cost is known, so
    concurrent calls cannot together pass the limit on estimates.
    """

    limit: float
    spent: float = 0.0
    reserved: float = 0.0

    def reserve(self, estimate: float) -> bool:
        """Hold ``estimate`` for a call about to be sent; False if it would pass the limit."""
        if self.spent + self.reserved + estimate > self.limit:
            return False
        self.reserved += estimate
        return True

    def settle(self, estimate: float, actual: float) -> None:
        """Replace a call's reservation by what it really cost."""
        self.reserved -= estimate
        self.spent += actual
