"""Usage accounting for LLM stages: requests, cache hits, retries, failures, tokens and cost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

COST_DIGITS = 6  # dollars rounded to a millionth: stable JSON, finer than any bill


@dataclass
class Usage:
    """What one stage's LLM work took. A stage that calls no LLM reports all zeros."""

    calls: int = 0  # answers the stage needed (one call may hold several samples)
    cache_hits: int = 0  # answers read from the cache: no request, no cost
    requests: int = 0  # HTTP requests sent, SDK retries and re-asks included
    retries: int = 0  # requests the SDK repeated after 429, 5xx, a timeout or a lost connection
    rate_limited: int = 0  # HTTP 429 answers
    server_errors: int = 0  # HTTP 5xx answers
    timeouts: int = 0  # requests that got no answer in time (or lost their connection)
    reasks: int = 0  # calls asked again after a malformed or out-of-range answer
    failures: int = 0  # calls still without a usable answer at the end
    not_sent: int = 0  # calls held back because the budget would have been passed
    tokens_in: int = 0  # prompt tokens billed by the API in this run
    tokens_out: int = 0  # completion tokens billed by the API in this run
    cost_usd: float = 0.0  # spent in this run, from the API's usage and llm.prices
    estimated_cost_usd: float = 0.0  # the estimate made before the first request
    answers_cost_usd: float = 0.0  # what every answer used cost when first paid (cached ones too)

    def report(self, stage: str, backend: str) -> dict[str, Any]:
        """The JSON record of this stage's usage."""
        record: dict[str, Any] = asdict(self)
        for name in ("cost_usd", "estimated_cost_usd", "answers_cost_usd"):
            record[name] = round(record[name], COST_DIGITS)
        return {"stage": stage, "backend": backend, **record}


def merge_usage(records: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Per-stage records plus their ``total`` over every counter."""
    total: dict[str, Any] = {}
    for field in fields(Usage):
        values = [record.get(field.name, 0) for record in records.values()]
        total[field.name] = round(sum(values), COST_DIGITS) if field.type == "float" else int(sum(values))
    return {**{stage: dict(record) for stage, record in records.items()}, "total": total}
