"""A stage's batch of LLM calls: answers from the cache, a cost estimate and budget check, then the rest sent."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from typing import Any

from tqdm import tqdm

from skillsynth.errors import SkillsynthError
from skillsynth.llm.answers import AnswerError, parse_answer
from skillsynth.llm.cache import answer_key
from skillsynth.llm.calls import BatchContext, LlmCall
from skillsynth.llm.cost import cost_usd, estimate_prompt_tokens
from skillsynth.llm.transport import NOT_SENT, Failure, PendingCall, send_pending
from skillsynth.llm.usage import Usage

log = logging.getLogger(__name__)


def run_calls(calls: Sequence[LlmCall], context: BatchContext, usage: Usage) -> list[dict[str, Any]]:
    """The answer of every call, in order: from the cache, else from the API (then cached at once).

    Prints the estimate before any request and stops before it if ``context.max_cost_usd`` would be
    passed. Raises SkillsynthError naming how many samples failed and why, or why the budget stopped
    it; ``usage`` is filled in either way.
    """
    stage, endpoint, cache = context.stage, context.endpoint, context.cache
    usage.calls = len(calls)
    keys = [answer_key(endpoint.model, c.messages, c.schema, endpoint.temperature, c.seed) for c in calls]
    answers = _cached_answers(calls, keys, context, usage)
    pending = [index for index in range(len(calls)) if index not in answers]
    prompt_tokens = {i: estimate_prompt_tokens(calls[i].messages, calls[i].schema) for i in pending}
    estimates = {i: cost_usd(prompt_tokens[i], calls[i].expected_output_tokens, context.price) for i in pending}
    usage.estimated_cost_usd = sum(estimates.values())
    log.info(
        "%s: %d calls to %s at %s, %d cached; estimate for the %d to send: ~%d tokens in, ~%d out, $%.4f "
        "(llm.max_cost_usd = $%.2f for this stage); cache %s",
        stage,
        len(calls),
        endpoint.model,
        endpoint.base_url,
        usage.cache_hits,
        len(pending),
        sum(prompt_tokens.values()),
        sum(calls[i].expected_output_tokens for i in pending),
        usage.estimated_cost_usd,
        context.max_cost_usd,
        cache.root,
    )
    if usage.estimated_cost_usd > context.max_cost_usd:
        raise SkillsynthError(
            f"{stage}: the estimated ${usage.estimated_cost_usd:.4f} for {len(pending)} calls to {endpoint.model} "
            f"passes llm.max_cost_usd = ${context.max_cost_usd:.4f}; nothing sent; raise it (-S llm.max_cost_usd=...) "
            f"or lower data.count ({usage.cache_hits} answers cached in {cache.root} cost nothing)"
        )
    if pending:
        import openai  # noqa: F401  (a slow import: done before the progress bar starts its clock)

        bar = tqdm(total=len(calls), initial=usage.cache_hits, desc=f"{stage} ({endpoint.model})", unit="call")
        try:
            results = send_pending(
                {i: PendingCall(calls[i], keys[i], estimates[i]) for i in pending}, context, usage, bar
            )
        except KeyboardInterrupt:
            log.warning("%s: interrupted; every answer received so far is cached in %s", stage, cache.root)
            raise
        finally:
            bar.close()
        answers.update(results)
    problems = _problems(calls, answers, context, usage)
    if problems:
        raise SkillsynthError(f"{stage}: {problems}")
    return [answers[index] for index in range(len(calls))]


def _cached_answers(calls: Sequence[LlmCall], keys: list[str], context: BatchContext, usage: Usage) -> dict[int, Any]:
    """Answers already paid for, by call index; an entry that no longer passes its check is asked again."""
    answers: dict[int, Any] = {}
    for index, (call, key) in enumerate(zip(calls, keys, strict=True)):
        hit = context.cache.get(key)
        if hit is None:
            continue
        try:
            answers[index] = parse_answer(json.dumps(hit.answer), call.answer_model)
        except AnswerError as error:
            log.warning("llm cache: %s no longer valid (%s); asking again", context.cache.path(key), error)
            continue
        usage.cache_hits += 1
        usage.answers_cost_usd += hit.cost_usd
    return answers


def _problems(calls: Sequence[LlmCall], answers: dict[int, Any], context: BatchContext, usage: Usage) -> str:
    """One line on what kept the stage from an answer for every call, or '' when nothing did."""
    endpoint = context.endpoint
    failures = {i: a for i, a in answers.items() if isinstance(a, Failure)}
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
            f"stopped by llm.max_cost_usd = ${context.max_cost_usd:.4f} after spending ${usage.cost_usd:.4f}: "
            f"{len(not_sent)} calls ({sum(calls[i].samples for i in not_sent)} samples) not sent; raise it to finish"
        )
    parts.append(
        f"nothing written; the {received} answers received are cached in {context.cache.root}, "
        "so a re-run asks only for the rest"
    )
    return "; ".join(parts)
