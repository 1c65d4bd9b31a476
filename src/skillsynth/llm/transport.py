"""Sending a batch's pending calls through the openai SDK: bounded concurrency, retries, re-asks, the budget."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from skillsynth.errors import SkillsynthError
from skillsynth.llm.answers import AnswerError, parse_answer
from skillsynth.llm.cache import CachedAnswer
from skillsynth.llm.calls import BatchContext, Endpoint, LlmCall
from skillsynth.llm.cost import Budget, cost_usd
from skillsynth.llm.usage import Usage

if TYPE_CHECKING:
    from openai import AsyncOpenAI

REASK = "That answer could not be used ({problem}). Answer again with JSON that follows the schema exactly."
NOT_SENT = "not sent"
FATAL_STATUSES = (400, 401, 403, 404, 422)


@dataclass(frozen=True)
class PendingCall:
    """A call the cache could not answer: its cache key and its estimated cost."""

    call: LlmCall
    key: str
    estimate_usd: float


@dataclass(frozen=True)
class Failure:
    """Why a call has no usable answer: ``kind`` groups failures, ``detail`` is one example."""

    kind: str
    detail: str


class _FatalError(Exception):
    """A request the server refuses whatever we do (bad key, unknown model, schema rejected)."""


def send_pending(pending: Mapping[int, PendingCall], context: BatchContext, usage: Usage, bar: tqdm) -> dict[int, Any]:
    """Each pending call's answer, Failure or NOT_SENT (the budget held it back), by call index.

    Requests go out at most ``max_concurrency`` at a time, each only if its estimate fits the budget;
    every good answer is cached as soon as it arrives. Raises SkillsynthError at once if the server
    refuses a request whatever we do (bad key, unknown model, schema rejected).
    """
    return asyncio.run(_send_all(pending, context, usage, bar))


async def _send_all(
    pending: Mapping[int, PendingCall], context: BatchContext, usage: Usage, bar: tqdm
) -> dict[int, Any]:
    """Send the pending calls, at most ``max_concurrency`` at a time."""
    sender = _Sender(pending, context, usage, bar)
    try:
        async with sender.client:
            async with asyncio.TaskGroup() as group:
                for index in pending:
                    group.create_task(sender.answer(index))
    except* _FatalError as fatal:
        raise SkillsynthError(str(fatal.exceptions[0])) from None
    finally:
        usage.retries = usage.requests - sender.api_calls
        usage.timeouts = usage.requests - sender.responses
    usage.failures = sum(isinstance(result, Failure) for result in sender.results.values())
    return sender.results


class _Sender:
    """The state one run's concurrent calls share: the SDK client, the semaphore, budget and counters."""

    def __init__(self, pending: Mapping[int, PendingCall], context: BatchContext, usage: Usage, bar: tqdm) -> None:
        from openai import AsyncOpenAI, DefaultAsyncHttpxClient

        self.pending, self.context, self.endpoint, self.usage, self.bar = (
            pending,
            context,
            context.endpoint,
            usage,
            bar,
        )
        self.budget = Budget(context.max_cost_usd)
        self.semaphore = asyncio.Semaphore(self.endpoint.max_concurrency)
        self.results: dict[int, Any] = {}
        self.api_calls = 0  # create() calls; the HTTP requests beyond these are the SDK's retries
        self.responses = 0  # HTTP responses; requests without one timed out or lost their connection
        http_client = DefaultAsyncHttpxClient(
            event_hooks={"request": [self._count_request], "response": [self._count_response]}
        )
        self.client: AsyncOpenAI = AsyncOpenAI(
            api_key=self.endpoint.api_key,
            base_url=self.endpoint.base_url,
            timeout=self.endpoint.timeout,
            max_retries=self.endpoint.max_retries,
            http_client=http_client,
        )

    async def _count_request(self, _request: Any) -> None:
        self.usage.requests += 1

    async def _count_response(self, response: Any) -> None:
        self.responses += 1
        self.usage.rate_limited += response.status_code == 429
        self.usage.server_errors += response.status_code >= 500

    async def answer(self, index: int) -> None:
        """Ask for call ``index`` (re-asking a bad answer), cache a good answer, record the outcome."""
        async with self.semaphore:
            self.results[index] = await self._ask(self.pending[index])
        failed = sum(isinstance(result, Failure) for result in self.results.values())
        self.bar.set_postfix(
            cached=self.usage.cache_hits,
            retries=self.usage.requests - self.api_calls,
            failed=failed,
            cost=f"${self.usage.cost_usd:.4f}",
            refresh=False,
        )
        self.bar.update(1)

    async def _ask(self, pending: PendingCall) -> Any:
        call, estimate, usage = pending.call, pending.estimate_usd, self.usage
        messages = list(call.messages)
        tokens_in = tokens_out = 0
        spent = 0.0
        for attempt in range(self.endpoint.max_reasks + 1):
            if not self.budget.reserve(estimate):
                usage.not_sent += 1
                return NOT_SENT
            self.api_calls += 1
            try:
                completion = await _create(self.client, self.endpoint, call, messages)
            except _FatalError:
                raise
            except Exception as error:  # the SDK's errors, after its own retries
                self.budget.settle(estimate, 0.0)
                return _describe_error(error, self.endpoint)
            used_in, used_out = _tokens(completion)
            cost = cost_usd(used_in, used_out, self.context.price)
            self.budget.settle(estimate, cost)
            usage.tokens_in, usage.tokens_out, usage.cost_usd = (
                usage.tokens_in + used_in,
                usage.tokens_out + used_out,
                usage.cost_usd + cost,
            )
            tokens_in, tokens_out, spent = tokens_in + used_in, tokens_out + used_out, spent + cost
            try:
                parsed = _check(completion, call)
            except AnswerError as error:
                if attempt == self.endpoint.max_reasks:
                    return Failure(error.kind, error.detail)
                usage.reasks += 1
                messages = [
                    *call.messages,
                    {"role": "assistant", "content": _content(completion)},
                    {"role": "user", "content": REASK.format(problem=error)},
                ]
                continue
            self.context.cache.put(pending.key, self.endpoint.model, CachedAnswer(parsed, tokens_in, tokens_out, spent))
            usage.answers_cost_usd += spent
            return parsed
        raise AssertionError("unreachable: the last attempt returns")


async def _create(client: AsyncOpenAI, endpoint: Endpoint, call: LlmCall, messages: list) -> Any:
    """One Chat Completions request with a strict JSON schema; the SDK retries 429, 5xx and timeouts."""
    import openai

    try:
        return await client.chat.completions.create(
            model=endpoint.model,
            messages=messages,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": call.schema_name, "schema": dict(call.schema), "strict": True},
            },
            temperature=endpoint.temperature,
            seed=call.seed,
            max_completion_tokens=call.max_output_tokens,
        )
    except openai.APIStatusError as error:
        if error.status_code in FATAL_STATUSES:
            reason = _redact(error.message, endpoint.api_key)
            raise _FatalError(
                f"{endpoint.base_url} refused the request with HTTP {error.status_code} ({reason}); check "
                f"{endpoint.setting}.model = {endpoint.model!r}, {endpoint.setting}.base_url and the key in "
                f"{endpoint.api_key_env}; nothing written"
            ) from None
        raise


def _tokens(completion: Any) -> tuple[int, int]:
    usage = getattr(completion, "usage", None)
    if usage is None:  # some compatible servers send no usage: counted as free
        return 0, 0
    return int(usage.prompt_tokens or 0), int(usage.completion_tokens or 0)


def _content(completion: Any) -> str:
    choices = getattr(completion, "choices", None) or []
    return (choices[0].message.content or "") if choices else ""


def _check(completion: Any, call: LlmCall) -> dict[str, Any]:
    """The validated answer of a completion, or AnswerError saying why it cannot be used."""
    choices = getattr(completion, "choices", None) or []
    if not choices:
        raise AnswerError("empty answer", "the response had no choices")
    choice = choices[0]
    if choice.finish_reason == "length":
        raise AnswerError("cut off", f"the answer passed {call.max_output_tokens} tokens")
    return parse_answer(choice.message.content, call.answer_model, getattr(choice.message, "refusal", None))


def _describe_error(error: Exception, endpoint: Endpoint) -> Failure:
    import openai

    retries = f"after {endpoint.max_retries} retries"
    if isinstance(error, openai.APITimeoutError):
        return Failure("timed out", f"no answer within {endpoint.timeout:g} s, {retries}")
    if isinstance(error, openai.APIConnectionError):
        return Failure("connection failed", f"{endpoint.base_url} unreachable, {retries}")
    if isinstance(error, openai.RateLimitError):
        return Failure("rate limited (HTTP 429)", retries)
    if isinstance(error, openai.APIStatusError):
        return Failure(
            f"server error (HTTP {error.status_code})", f"{_redact(error.message, endpoint.api_key)}, {retries}"
        )
    return Failure(type(error).__name__, _redact(str(error), endpoint.api_key))


def _redact(text: str, api_key: str) -> str:
    """``text`` on one line, short, with the key blanked out should a server echo it."""
    return " ".join(text.replace(api_key, "***").split())[:160]
