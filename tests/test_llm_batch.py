"""A batch of LLM calls against a local fake server: retries, re-asks, bounded concurrency, fatal errors, the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from fake_openai import MALFORMED, NORMAL, OUT_OF_RANGE, SERVER_ERROR, SLOW, FakeOpenAI

from skillsynth.config import Price
from skillsynth.contract import SKILLS, TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.label.llm_judge import judge_calls
from skillsynth.llm.batch import run_calls
from skillsynth.llm.cache import AnswerCache
from skillsynth.llm.calls import BatchContext, Endpoint, LlmCall
from skillsynth.llm.usage import Usage

KEY = "sk-test-client-key-77"
PRICE = Price(input=0.15, output=0.60)


@pytest.fixture(scope="module")
def fake() -> FakeOpenAI:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def calls() -> list[LlmCall]:
    """Six judge calls for made-up samples."""
    samples = pd.DataFrame(
        {
            "text": [f"I helped my friend {n} times and then we finished the puzzle." for n in range(6)],
            "skill": [SKILLS[n % 4] for n in range(6)],
            "grade": [3, 4, 5, 6, 7, 8],
            **{signal: [1.0 + n for n in range(6)] for signal in TELEMETRY_COLUMNS},
        }
    )
    return judge_calls(samples, seed=7)


def endpoint(fake: FakeOpenAI, **changes) -> Endpoint:
    settings = dict(
        setting="labeler",
        base_url=fake.url,
        model="gpt-4o-mini",
        api_key_env="OPENAI_API_KEY",
        temperature=0.0,
        max_concurrency=4,
        timeout=5.0,
        max_retries=2,
        max_reasks=2,
        api_key=KEY,
    )
    return Endpoint(**{**settings, **changes})


def run(calls, fake, cache_dir: Path, usage: Usage | None = None, budget: float = 1.0, **changes):
    usage = usage if usage is not None else Usage()
    context = BatchContext("label", endpoint(fake, **changes), AnswerCache(cache_dir), PRICE, budget)
    answers = run_calls(calls, context, usage)
    return answers, usage


def test_transient_server_errors_are_retried_by_the_sdk(fake, calls, tmp_path) -> None:
    fake.script(SERVER_ERROR, SERVER_ERROR)
    answers, usage = run(calls, fake, tmp_path)
    assert len(answers) == len(calls) and fake.requests == len(calls) + 2
    assert (usage.requests, usage.retries, usage.server_errors, usage.failures) == (len(calls) + 2, 2, 2, 0)


@pytest.mark.parametrize("fault", [MALFORMED, OUT_OF_RANGE])
def test_a_bad_answer_is_asked_again_with_the_reason(fake, calls, tmp_path, fault) -> None:
    fake.script(fault)
    answers, usage = run(calls, fake, tmp_path, max_concurrency=1)
    assert usage.reasks == 1 and usage.failures == 0 and fake.requests == len(calls) + 1
    reask = fake.seen[1].body["messages"]
    assert reask[-2]["role"] == "assistant" and "could not be used" in reask[-1]["content"]
    assert all(0 <= answer[skill]["score"] <= 1 for answer in answers for skill in SKILLS)


def test_persistent_timeouts_fail_with_one_line(fake, calls, tmp_path) -> None:
    fake.slow_seconds = 1.5
    fake.script(default=SLOW)
    with pytest.raises(SkillsynthError) as caught:
        run(calls[:2], fake, tmp_path, usage := Usage(), timeout=0.5, max_retries=1)
    message = str(caught.value)
    assert "\n" not in message and "2 of 2 samples failed" in message
    assert "2 x timed out (e.g. no answer within 0.5 s, after 1 retries)" in message
    assert (usage.timeouts, usage.retries, usage.failures) == (4, 2, 2)


def test_concurrency_is_bounded(fake, calls, tmp_path) -> None:
    fake.wait_idle()
    fake.slow_seconds = 0.3
    fake.script(default=SLOW)
    run(calls, fake, tmp_path, max_concurrency=2)
    assert fake.max_in_flight == 2


def test_a_rejected_key_stops_everything_without_showing_it(fake, calls, tmp_path) -> None:
    fake.expected_key = "sk-the-right-one"
    fake.script()
    try:
        with pytest.raises(SkillsynthError) as caught:
            run(calls, fake, tmp_path)
    finally:
        fake.expected_key = None
    message = str(caught.value)
    assert "HTTP 401" in message and "OPENAI_API_KEY" in message and "\n" not in message
    assert KEY not in message and "Incorrect API key provided: ***" in message
    assert fake.requests <= 4  # one per concurrent slot at most; the rest were never sent


def test_answers_are_cached_whatever_the_server_or_key(fake, calls, tmp_path) -> None:
    fake.script()
    first, _ = run(calls, fake, tmp_path)
    fake.script(default=SERVER_ERROR)  # any request now would fail
    again, usage = run(calls, fake, tmp_path, base_url="http://127.0.0.1:9/v1", api_key="sk-another-key")
    assert again == first and fake.requests == 0 and usage.cache_hits == len(calls) and usage.cost_usd == 0
    entries = list(tmp_path.glob("??/*.json"))
    assert len(entries) == len(calls)
    assert not any(KEY in entry.read_text() or "sk-another-key" in entry.read_text() for entry in entries)
    stored = json.loads(entries[0].read_text())
    assert set(stored) == {"format", "model", "answer", "tokens_in", "tokens_out", "cost_usd"}
    assert usage.answers_cost_usd == pytest.approx(sum(json.loads(e.read_text())["cost_usd"] for e in entries))


def test_an_unreadable_cache_entry_is_asked_again(fake, calls, tmp_path) -> None:
    fake.script()
    run(calls, fake, tmp_path)
    next(tmp_path.glob("??/*.json")).write_text("{half an entr")
    fake.script()
    _, usage = run(calls, fake, tmp_path)
    assert fake.requests == 1 and usage.cache_hits == len(calls) - 1


def test_normal_answers_need_one_request_each(fake, calls, tmp_path) -> None:
    fake.script(default=NORMAL)
    answers, usage = run(calls, fake, tmp_path)
    assert fake.requests == len(calls) == usage.requests and usage.retries == 0
    assert usage.tokens_in > 0 and usage.cost_usd == pytest.approx(
        (usage.tokens_in * 0.15 + usage.tokens_out * 0.60) / 1e6
    )
    assert {seen.body["seed"] for seen in fake.seen} == {7}
