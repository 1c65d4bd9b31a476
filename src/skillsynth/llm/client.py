"""Chat Completions calls with Structured Outputs via the openai SDK: bounded, cached, budgeted, checked."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from tqdm import tqdm

from skillsynth.errors import SkillsynthError
from skillsynth.llm.answers import AnswerError, parse_answer
from skillsynth.llm.cache import AnswerCache, CachedAnswer, answer_key
from skillsynth.llm.cost import Budget, Price, cost_usd, estimate_prompt_tokens
from skillsynth.llm.usage import Usage

if TYPE_CHECKING:
    from openai import AsyncOpenAI

log = logging.getLogger(__name__)
REASK = "That answer could not be used ({problem}). Answer again with JSON that follows the schema exactly."


@dataclass(frozen=True)
class Endpoint:
    """A server, model and call policy, with the key read from the environment (never printed)."""

    setting: str  # the config section it came from, for messages: "generator" or "labeler"
    base_url: str
    model: str
    api_key_env: str
    temperature: float
    max_concurrency: int
    timeout: float
    max_retries: int
    max_reasks: int
    api_key: str = field(repr=False)


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
class _Failure:
    kind: str
    detail: str


class _FatalError(Exception):
    """A request the server refuses whatever we do (bad key, unknown model, schema rejected)."""


NOT_SENT = "not sent"
FATAL_STATUSES = (400, 401, 403, 404, 422)


def run_calls(
    calls: Sequence[LlmCall],
    endpoint: Endpoint,
    cache: AnswerCache,
    price: Price,
    max_cost_usd: float,
    usage: Usage,
    stage: str,
) -> list[dict[str, Any]]:
    """The answer of every call, in order: from the cache, else from the API (then cached at once).

    Prints the estimate before any request and stops before it if ``max_cost_usd`` would be passed.
    Raises SkillsynthError naming how many samples failed and why, or why the budget stopped it;
    ``usage`` is filled in either way.
    """
    usage.calls = len(calls)
    keys = [answer_key(endpoint.model, c.messages, c.schema, endpoint.temperature, c.seed) for c in calls]
    answers = _cached_answers(calls, keys, cache, usage)
    pending = [index for index in range(len(calls)) if index not in answers]
    prompt_tokens = {i: estimate_prompt_tokens(calls[i].messages, calls[i].schema) for i in pending}
    estimates = {i: cost_usd(prompt_tokens[i], calls[i].expected_output_tokens, price) for i in pending}
    usage.estimated_cost_usd = sum(estimates.values())
    log.info(
        "%s: %d calls to %s at %s, %d cached; estimate for the %d to send: ~%d tokens in, ~%d out, $%.4f "
        "(llm.max_cost_usd = $%.2f for this stage); cache %s",
        stage, len(calls), endpoint.model, endpoint.base_url, usage.cache_hits, len(pending),
        sum(prompt_tokens.values()), sum(calls[i].expected_output_tokens for i in pending),
        usage.estimated_cost_usd, max_cost_usd, cache.root,
    )
    if usage.estimated_cost_usd > max_cost_usd:
        raise SkillsynthError(
            f"{stage}: the estimated ${usage.estimated_cost_usd:.4f} for {len(pending)} calls to {endpoint.model} "
            f"passes llm.max_cost_usd = ${max_cost_usd:.4f}; nothing sent; raise it (-S llm.max_cost_usd=...) or "
            f"lower data.count ({usage.cache_hits} answers cached in {cache.root} cost nothing)"
        )
    if pending:
        import openai  # noqa: F401  (a slow import: done before the progress bar starts its clock)

        bar = tqdm(total=len(calls), initial=usage.cache_hits, desc=f"{stage} ({endpoint.model})", unit="call")
        try:
            results = asyncio.run(_send_all(calls, pending, keys, estimates, endpoint, cache, price,
                                            Budget(max_cost_usd), usage, bar))
        except KeyboardInterrupt:
            log.warning("%s: interrupted; every answer received so far is cached in %s", stage, cache.root)
            raise
        finally:
            bar.close()
        answers.update(results)
    problems = _problems(calls, answers, endpoint, cache, usage, max_cost_usd)
    if problems:
        raise SkillsynthError(f"{stage}: {problems}")
    return [answers[index] for index in range(len(calls))]


def _cached_answers(calls: Sequence[LlmCall], keys: list[str], cache: AnswerCache, usage: Usage) -> dict[int, Any]:
    """Answers already paid for, by call index; an entry that no longer passes its check is asked again."""
    answers: dict[int, Any] = {}
    for index, (call, key) in enumerate(zip(calls, keys, strict=True)):
        hit = cache.get(key)
        if hit is None:
            continue
        try:
            answers[index] = parse_answer(json.dumps(hit.answer), call.answer_model)
        except AnswerError as error:
            log.warning("llm cache: %s no longer valid (%s); asking again", cache.path(key), error)
            continue
        usage.cache_hits += 1
        usage.answers_cost_usd += hit.cost_usd
    return answers


async def _send_all(
    calls: Sequence[LlmCall],
    pending: list[int],
    keys: list[str],
    estimates: dict[int, float],
    endpoint: Endpoint,
    cache: AnswerCache,
    price: Price,
    budget: Budget,
    usage: Usage,
    bar: tqdm,
) -> dict[int, Any]:
    """Send the pending calls, at most ``max_concurrency`` at a time; map call index to answer or failure."""
    sender = _Sender(calls, keys, estimates, endpoint, cache, price, budget, usage, bar)
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
    usage.failures = sum(isinstance(result, _Failure) for result in sender.results.values())
    return sender.results


class _Sender:
    """The state one run's concurrent calls share: the SDK client, the semaphore, budget and counters."""

    def __init__(self, calls: Sequence[LlmCall], keys: list[str], estimates: dict[int, float], endpoint: Endpoint,
                 cache: AnswerCache, price: Price, budget: Budget, usage: Usage, bar: tqdm) -> None:
        from openai import AsyncOpenAI, DefaultAsyncHttpxClient

        self.calls, self.keys, self.estimates = calls, keys, estimates
        self.endpoint, self.cache, self.price, self.budget, self.usage, self.bar = (
            endpoint, cache, price, budget, usage, bar
        )
        self.semaphore = asyncio.Semaphore(endpoint.max_concurrency)
        self.results: dict[int, Any] = {}
        self.api_calls = 0  # create() calls; the HTTP requests beyond these are the SDK's retries
        self.responses = 0  # HTTP responses; requests without one timed out or lost their connection
        http_client = DefaultAsyncHttpxClient(
            event_hooks={"request": [self._count_request], "response": [self._count_response]}
        )
        self.client: AsyncOpenAI = AsyncOpenAI(
            api_key=endpoint.api_key, base_url=endpoint.base_url, timeout=endpoint.timeout,
            max_retries=endpoint.max_retries, http_client=http_client,
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
            self.results[index] = await self._ask(index)
        failed = sum(isinstance(result, _Failure) for result in self.results.values())
        self.bar.set_postfix(cached=self.usage.cache_hits, retries=self.usage.requests - self.api_calls,
                             failed=failed, cost=f"${self.usage.cost_usd:.4f}", refresh=False)
        self.bar.update(1)

    async def _ask(self, index: int) -> Any:
        call, estimate, usage = self.calls[index], self.estimates[index], self.usage
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
            cost = cost_usd(used_in, used_out, self.price)
            self.budget.settle(estimate, cost)
            usage.tokens_in, usage.tokens_out, usage.cost_usd = (
                usage.tokens_in + used_in, usage.tokens_out + used_out, usage.cost_usd + cost
            )
            tokens_in, tokens_out, spent = tokens_in + used_in, tokens_out + used_out, spent + cost
            try:
                parsed = _check(completion, call)
            except AnswerError as error:
                if attempt == self.endpoint.max_reasks:
                    return _Failure(error.kind, error.detail)
                usage.reasks += 1
                messages = [*call.messages, {"role": "assistant", "content": _content(completion)},
                            {"role": "user", "content": REASK.format(problem=error)}]
                continue
            self.cache.put(self.keys[index], self.endpoint.model, CachedAnswer(parsed, tokens_in, tokens_out, spent))
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


def _describe_error(error: Exception, endpoint: Endpoint) -> _Failure:
    import openai

    retries = f"after {endpoint.max_retries} retries"
    if isinstance(error, openai.APITimeoutError):
        return _Failure("timed out", f"no answer within {endpoint.timeout:g} s, {retries}")
    if isinstance(error, openai.APIConnectionError):
        return _Failure("connection failed", f"{endpoint.base_url} unreachable, {retries}")
    if isinstance(error, openai.RateLimitError):
        return _Failure("rate limited (HTTP 429)", retries)
    if isinstance(error, openai.APIStatusError):
        return _Failure(f"server error (HTTP {error.status_code})",
                        f"{_redact(error.message, endpoint.api_key)}, {retries}")
    return _Failure(type(error).__name__, _redact(str(error), endpoint.api_key))


def _redact(text: str, api_key: str) -> str:
    """``text`` on one line, short, with the key blanked out should a server echo it."""
    return " ".join(text.replace(api_key, "***").split())[:160]


def _problems(
    calls: Sequence[LlmCall], answers: dict[int, Any], endpoint: Endpoint, cache: AnswerCache,
    usage: Usage, max_cost_usd: float,
) -> str:
    """One line on what kept the stage from an answer for every call, or '' when nothing did."""
    failures = {i: a for i, a in answers.items() if isinstance(a, _Failure)}
    not_sent = [i for i, a in answers.items() if a == NOT_SENT]
    if not failures and not not_sent:
        return ""
    total = sum(call.samples for call in calls)
    received = len(calls) - len(failures) - len(not_sent)
    parts = []
    if failures:
        failed_samples = sum(calls[i].samples for i in failures)
        kinds = Counter(failure.kind for failure in failures.values())
        reasons = "; ".join(
            f"{count} x {kind} (e.g. {next(f.detail for f in failures.values() if f.kind == kind)})"
            for kind, count in kinds.most_common()
        )
        parts.append(
            f"{failed_samples} of {total} samples failed ({len(failures)} of {len(calls)} calls to {endpoint.model}, "
            f"answers checked with up to {endpoint.max_reasks} re-asks): {reasons}"
        )
    if not_sent:
        parts.append(
            f"stopped by llm.max_cost_usd = ${max_cost_usd:.4f} after spending ${usage.cost_usd:.4f}: "
            f"{len(not_sent)} calls ({sum(calls[i].samples for i in not_sent)} samples) not sent; raise it to finish"
        )
    parts.append(f"nothing written; the {received} answers received are cached in {cache.root}, "
                 "so a re-run asks only for the rest")
    return "; ".join(parts)
