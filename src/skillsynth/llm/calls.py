"""What an LLM batch is made of: the calls a stage needs, the endpoint they go to, and what the run shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from skillsynth.config import LlmEndpoint
from skillsynth.llm.cache import AnswerCache
from skillsynth.llm.cost import Price


class Endpoint(LlmEndpoint):
    """A config endpoint with the section it came from and the key read from the environment (never printed)."""

    setting: str  # the config section it came from, for messages: "generator" or "labeler"
    api_key: str = Field(repr=False)

    @classmethod
    def of(cls, section: LlmEndpoint, setting: str, api_key: str) -> Endpoint:
        """The endpoint settings of ``section`` (an option with further keys too), with its key."""
        return cls(**section.model_dump(include=set(LlmEndpoint.model_fields)), setting=setting, api_key=api_key)


@dataclass(frozen=True)
class LlmCall:
    """One answer a stage needs: the prompt, the shape of the answer, and what it is worth."""

    messages: tuple[Mapping[str, str], ...]
    schema_name: str
    schema: Mapping[str, Any]  # strict JSON schema sent as the response format
    answer_model: type[BaseModel]  # the same shape plus ranges, checked on every answer
    seed: int  # sent to the server and part of the cache key
    samples: int  # samples that need this answer
    expected_output_tokens: int  # for the cost estimate
    max_output_tokens: int  # hard cap per request


@dataclass(frozen=True)
class BatchContext:
    """What every call of one stage's run shares: where it goes, where answers are kept, what it may cost."""

    stage: str  # for logs and messages: "generate" or "label"
    endpoint: Endpoint
    cache: AnswerCache
    price: Price
    max_cost_usd: float  # llm.max_cost_usd: the run stops before passing it
