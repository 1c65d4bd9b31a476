"""What an LLM stage does around its calls: endpoint, cache and price from the config, and the usage file."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

from skillsynth.config import LlmEndpoint, Settings
from skillsynth.errors import SkillsynthError
from skillsynth.files import write_json
from skillsynth.llm.batch import run_calls
from skillsynth.llm.cache import AnswerCache, resolve_cache_dir
from skillsynth.llm.calls import BatchContext, Endpoint, LlmCall
from skillsynth.llm.cost import price_for
from skillsynth.llm.usage import Usage

log = logging.getLogger(__name__)


def llm_endpoint(section: Any, setting: str, settings: Settings) -> Endpoint | None:
    """The endpoint of an ``openai`` option of group ``setting``, None for a free option.

    Stops at once, before any work or request, when the key variable is unset or the model has
    no price (without one the budget could not be kept).
    """
    if section.name != "openai":
        return None
    endpoint = endpoint_from_config(section, setting)
    price_for(endpoint.model, settings.llm.prices)
    return endpoint


def endpoint_from_config(section: LlmEndpoint, setting: str) -> Endpoint:
    """The endpoint of config section ``setting``; stops at once if its key variable is unset."""
    api_key = os.environ.get(section.api_key_env, "").strip()
    if not api_key:
        raise SkillsynthError(
            f"{setting}.api_key_env: the environment variable {section.api_key_env} is not set; "
            f"export {section.api_key_env}=<your API key> (any value for a local server that needs none)"
        )
    return Endpoint.of(section, setting, api_key)


def answers_for(
    calls: Sequence[LlmCall], endpoint: Endpoint, settings: Settings, usage: Usage, stage: str
) -> list[dict[str, Any]]:
    """Run ``calls`` with the config's cache, price and budget; ``usage`` is filled in either way."""
    context = BatchContext(
        stage,
        endpoint,
        AnswerCache(resolve_cache_dir(settings.llm.cache_dir)),
        price_for(endpoint.model, settings.llm.prices),
        settings.llm.max_cost_usd,
    )
    return run_calls(calls, context, usage)


def write_usage(settings: Settings, stage: str, backend: str, usage: Usage) -> None:
    """Write the stage's usage record, ``paths.llm_usage_parts.<stage>`` (all zeros for a free backend)."""
    path = write_json(usage.report(stage, backend), settings.paths.llm_usage_parts[stage])
    if usage.calls:
        log.info(
            "%s: LLM usage: %d calls, %d cache hits, %d requests (%d retries, %d re-asks), %d failed, "
            "%d not sent; %d tokens in, %d out; $%.4f this run -> %s",
            stage,
            usage.calls,
            usage.cache_hits,
            usage.requests,
            usage.retries,
            usage.reasks,
            usage.failures,
            usage.not_sent,
            usage.tokens_in,
            usage.tokens_out,
            usage.cost_usd,
            path,
        )
