"""End to end on the LLM path: `dvc exp run -S generator=openai ...` in a git copy, the real openai SDK
against a local fake server, faults included (the faults of generation and of the judge run the stages'
commands after `skillsynth params`), and no trace of the key in anything the runs wrote."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import signal
import subprocess
import time
import zlib
from pathlib import Path

import pandas as pd
import pytest
from fake_openai import (
    EXPENSIVE,
    MALFORMED,
    NORMAL,
    OUT_OF_RANGE,
    RATE_LIMITED,
    SERVER_ERROR,
    SLOW,
    FakeOpenAI,
    Seen,
)
from support import _environment, fresh_copy, stages_run

from skillsynth.cli import main
from skillsynth.config import load_settings
from skillsynth.contract import LABEL_COLUMNS, RATIONALE_COLUMNS, TRAINING_COLUMNS

pytestmark = pytest.mark.e2e
KEY = f"sk-test-SECRET-{secrets.token_hex(6)}"  # made at run time, so no source file holds it
COUNT = 24
PER_CALL = 4  # 6 students per skill -> calls of 4 and 2 -> 8 generation calls
GENERATION_CALLS = 8
OUTPUTS: list[str] = []  # stdout and stderr of every run, searched for the key at the end
STAGE_OUTPUTS = {"generate": "responses", "behavioral": "behavioral", "label": "labels"}  # their paths.<name>


@pytest.fixture(scope="module")
def fake() -> FakeOpenAI:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the runs' caches (and any user cache dir) live, searched for the key at the end."""
    return tmp_path_factory.mktemp("llm-scratch")


@pytest.fixture(scope="module")
def project(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh git copy of the project (nothing run yet)."""
    return fresh_copy(repo, tmp_path_factory.mktemp("llm-pipeline") / "skillsynth")


def _env(project: Path, scratch: Path, key: str | None) -> dict[str, str]:
    env = _environment(project)
    env.pop("OPENAI_API_KEY", None)
    env.pop("OPENAI_BASE_URL", None)
    env["XDG_CACHE_HOME"] = str(scratch / "xdg")  # should a run fall back on the user cache dir
    if key:
        env["OPENAI_API_KEY"] = key
    return env


def dvc_exp_run(project: Path, scratch: Path, *settings: str) -> subprocess.CompletedProcess:
    """`dvc exp run -S ...` in the project, with the key; it must succeed."""
    command = ["dvc", "exp", "run", *(part for s in settings for part in ("-S", s))]
    done = subprocess.run(command, cwd=project, env=_env(project, scratch, KEY), capture_output=True, text=True)
    OUTPUTS.extend([done.stdout, done.stderr])
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def generate_run(
    project: Path, scratch: Path, *settings: str, key: str | None = KEY, ok: bool = True
) -> subprocess.CompletedProcess:
    """`skillsynth params <settings>`, then the generate stage's own command: what `dvc exp run -S ... --force
    generate` runs after `check`, without DVC's seconds around it (the clean run goes through DVC)."""
    return stage_commands(project, scratch, settings, ("generate",), key=key, ok=ok)


def stage_commands(
    project: Path,
    scratch: Path,
    settings: tuple[str, ...],
    stages: tuple[str, ...],
    key: str | None = KEY,
    ok: bool = True,
) -> subprocess.CompletedProcess:
    """`skillsynth params <settings>` (in-process: it only composes conf/, and reads no key), then each stage's
    own command in turn, its output removed first as DVC removes it; all but the last must pass, and the
    last passes or fails as ``ok`` says."""
    env = _env(project, scratch, key)
    with contextlib.chdir(project):
        assert main(["params", *settings]) == 0
    paths = load_settings(params_path=project / "params.yaml", conf_dir=project / "conf").paths
    for place, stage in enumerate(stages, start=1):
        (project / getattr(paths, STAGE_OUTPUTS[stage])).unlink(missing_ok=True)
        done = subprocess.run(["skillsynth", stage], cwd=project, env=env, capture_output=True, text=True)
        OUTPUTS.extend([done.stdout, done.stderr])
        passes = ok or place < len(stages)
        assert (done.returncode == 0) == passes, f"skillsynth {stage} -> {done.returncode}:\n{done.stderr[-3000:]}"
    return done


def generator_settings(fake: FakeOpenAI, cache: Path, *extra: str) -> tuple[str, ...]:
    return (
        "generator=openai",
        f"generator.base_url={fake.url}",
        f"data.count={COUNT}",
        f"generator.responses_per_call={PER_CALL}",
        f"llm.cache_dir={cache}",
        *extra,
    )


def usage(project: Path, stage: str) -> dict:
    return json.loads((project / f"reports/llm_usage/{stage}.json").read_text())


def error_line(done: subprocess.CompletedProcess) -> str:
    """The stage's one-line error; there is exactly one, and no traceback."""
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.startswith("skillsynth ")]
    assert len(lines) == 1, output[-3000:]
    return lines[0]


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def clean_settings(fake: FakeOpenAI, scratch: Path) -> tuple[str, ...]:
    """The clean run's settings: the LLM writes the answers and judges them."""
    # 24 students in calls of 4 hold 6 scenario groups; one per skill is held out: 3 folds fit
    return (
        *generator_settings(fake, scratch / "cache"),
        "labeler=openai",
        f"labeler.base_url={fake.url}",
        "evaluation.cv_folds=3",
    )


@pytest.fixture(scope="module")
def clean_run(project: Path, scratch: Path, fake: FakeOpenAI) -> tuple[subprocess.CompletedProcess, list[Seen]]:
    """The whole pipeline on the LLM path, no fault scripted: its output and every request the server saw."""
    fake.script()
    fake.expected_key = KEY  # any other key gets a 401
    try:
        done = dvc_exp_run(project, scratch, *clean_settings(fake, scratch))
    finally:
        fake.expected_key = None
    return done, list(fake.seen)


def test_clean_run_through_the_whole_pipeline(
    project: Path, scratch: Path, clean_run: tuple[subprocess.CompletedProcess, list[Seen]]
) -> None:
    done, seen_requests = clean_run
    assert set(stages_run(done.stdout)) >= {"generate", "label", "train", "evaluate", "llm_usage"}
    assert len(seen_requests) == GENERATION_CALLS + COUNT
    assert {seen.authorization for seen in seen_requests} == {f"Bearer {KEY}"}
    for seen in seen_requests:
        response_format = seen.body["response_format"]
        assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True
        assert seen.body["model"] == "gpt-4o-mini"
    judge_requests = [
        s.body for s in seen_requests if s.body["response_format"]["json_schema"]["name"] == "skill_scores"
    ]
    assert len(judge_requests) == COUNT and {body["temperature"] for body in judge_requests} == {0.0}
    assert all("How they played: finished" in body["messages"][-1]["content"] for body in judge_requests)

    responses = pd.read_parquet(project / "data/raw/responses.parquet")
    assert len(responses) == COUNT and set(responses["source"]) == {"openai:gpt-4o-mini"}
    assert responses["template_id"].str.fullmatch(r"(emp|prb|reg|res)-[a-z_]+").all()
    labels = pd.read_parquet(project / "data/interim/labels.parquet")
    assert list(labels.columns) == ["sample_id", *LABEL_COLUMNS, *RATIONALE_COLUMNS]
    assert labels[list(LABEL_COLUMNS)].stack().between(0, 1).all()
    table = pd.read_csv(project / "data/processed/training_data.csv")
    assert list(table.columns) == list(TRAINING_COLUMNS) and len(table) == COUNT

    merged = json.loads((project / "reports/llm_usage.json").read_text())
    assert merged["generate"]["requests"] == GENERATION_CALLS and merged["label"]["requests"] == COUNT
    assert merged["total"]["requests"] == GENERATION_CALLS + COUNT and merged["total"]["cache_hits"] == 0
    assert merged["total"]["tokens_in"] > 0 and merged["total"]["tokens_out"] > 0
    assert (
        0 < merged["total"]["cost_usd"] == pytest.approx(merged["generate"]["cost_usd"] + merged["label"]["cost_usd"])
    )
    metrics = subprocess.run(
        ["dvc", "metrics", "show", "--json"],
        cwd=project,
        env=_env(project, scratch, None),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shown = json.loads(metrics)[""]["data"]  # the workspace
    # the usage detail is no metric
    assert set(shown) == {
        "reports/metrics.json",
        "reports/llm_cost.json",
        "reports/fidelity.json",
        "reports/behaviour.json",
    }
    assert shown["reports/llm_cost.json"]["data"] == {"cost_usd": merged["total"]["cost_usd"]}


def test_forced_rerun_makes_zero_requests(project: Path, scratch: Path, fake: FakeOpenAI, clean_run) -> None:
    """Every answer of the clean run comes from the cache: generation and the judge run again, as
    `dvc repro --force label` would run them, and ask the server nothing."""
    before = {name: md5(project / name) for name in ("data/raw/responses.parquet", "data/interim/labels.parquet")}
    fake.script()
    stage_commands(project, scratch, clean_settings(fake, scratch), ("generate", "behavioral", "label"))
    assert fake.requests == 0
    assert usage(project, "generate")["cache_hits"] == GENERATION_CALLS
    assert usage(project, "label")["cache_hits"] == COUNT and usage(project, "label")["cost_usd"] == 0
    assert {name: md5(project / name) for name in before} == before  # byte-identical from the cache


def test_rate_limit_honours_retry_after_then_succeeds_with_the_heuristic_labeler(
    project: Path, scratch: Path, fake: FakeOpenAI
) -> None:
    fake.retry_after = "1"
    fake.script(RATE_LIMITED, RATE_LIMITED, RATE_LIMITED)
    settings = generator_settings(fake, scratch / "rate", "generator.max_concurrency=1")
    stage_commands(project, scratch, settings, ("generate", "behavioral", "label"))
    assert fake.requests == GENERATION_CALLS + 3
    record = usage(project, "generate")
    assert (record["rate_limited"], record["retries"], record["failures"]) == (3, 3, 0)
    gaps = [
        later.at - seen.at
        for seen, later in zip(fake.seen, fake.seen[1:], strict=False)
        if seen.behaviour == RATE_LIMITED
    ]
    assert min(gaps) >= 0.9  # the SDK's own first backoff would be at most 0.5 s
    labels = pd.read_parquet(project / "data/interim/labels.parquet")  # the hybrid: LLM text, heuristic labels
    assert len(labels) == COUNT and list(labels.columns) == ["sample_id", *LABEL_COLUMNS]
    assert usage(project, "label")["backend"] == "heuristic" and usage(project, "label")["calls"] == 0


def test_persistent_server_errors_fail_naming_samples_and_reason(
    project: Path, scratch: Path, fake: FakeOpenAI
) -> None:
    fake.script(default=SERVER_ERROR)
    done = generate_run(
        project,
        scratch,
        *generator_settings(fake, scratch / "500", "generator.max_retries=1"),
        ok=False,
    )
    line = error_line(done)
    assert f"{COUNT} of {COUNT} samples failed ({GENERATION_CALLS} of {GENERATION_CALLS} calls" in line
    assert "server error (HTTP 500)" in line and "after 1 retries" in line
    assert fake.requests == GENERATION_CALLS * 2
    assert not (project / "data/raw/responses.parquet").exists()
    assert usage(project, "generate")["server_errors"] == GENERATION_CALLS * 2


def test_timeouts_are_retried_and_counted(project: Path, scratch: Path, fake: FakeOpenAI) -> None:
    fake.slow_seconds = 4.0
    fake.script(SLOW, SLOW)
    generate_run(project, scratch, *generator_settings(fake, scratch / "slow", "generator.timeout=2"))
    record = usage(project, "generate")
    assert (record["timeouts"], record["retries"], record["failures"]) == (2, 2, 0)
    assert len(pd.read_parquet(project / "data/raw/responses.parquet")) == COUNT


def test_malformed_json_is_reasked_then_fails(project: Path, scratch: Path, fake: FakeOpenAI) -> None:
    fake.script(default=MALFORMED)
    done = generate_run(
        project,
        scratch,
        *generator_settings(fake, scratch / "malformed", "generator.max_reasks=1"),
        ok=False,
    )
    line = error_line(done)
    assert f"{COUNT} of {COUNT} samples failed" in line and f"{GENERATION_CALLS} x malformed JSON" in line
    assert fake.requests == GENERATION_CALLS * 2  # every call asked again once
    assert usage(project, "generate")["reasks"] == GENERATION_CALLS


def test_score_out_of_range_is_reasked_then_fails(project: Path, scratch: Path, fake: FakeOpenAI) -> None:
    fake.script(default=OUT_OF_RANGE)
    done = stage_commands(
        project,
        scratch,
        ("labeler=openai", f"labeler.base_url={fake.url}", f"data.count={COUNT}", f"llm.cache_dir={scratch / 'range'}"),
        ("generate", "behavioral", "label"),  # the template generator's answers and their telemetry, then the judge
        ok=False,
    )
    line = error_line(done)
    assert f"{COUNT} of {COUNT} samples failed" in line
    assert "empathy.score = 1.5: Input should be less than or equal to 1" in line
    assert fake.requests == COUNT * 3  # max_reasks = 2
    reasks = [s.body["messages"][-1]["content"] for s in fake.seen if len(s.body["messages"]) > 2]
    assert len(reasks) == COUNT * 2 and all("1.5" in text for text in reasks)
    assert not (project / "data/interim/labels.parquet").exists()


def test_budget_stops_before_any_request(project: Path, scratch: Path, fake: FakeOpenAI) -> None:
    fake.script()
    done = generate_run(
        project,
        scratch,
        *generator_settings(fake, scratch / "budget", "llm.max_cost_usd=0.0001"),
        ok=False,
    )
    line = error_line(done)
    assert "passes llm.max_cost_usd = $0.0001" in line and "nothing sent" in line
    assert fake.requests == 0


def test_budget_stop_midway_keeps_paid_answers(project: Path, scratch: Path, fake: FakeOpenAI) -> None:
    cache = scratch / "midway"
    fake.script(EXPENSIVE)  # the first answer bills a million output tokens: $0.60
    done = generate_run(
        project,
        scratch,
        *generator_settings(fake, cache, "llm.max_cost_usd=0.5", "generator.max_concurrency=1"),
        ok=False,
    )
    line = error_line(done)
    assert "stopped by llm.max_cost_usd = $0.5000" in line and f"{GENERATION_CALLS - 1} calls" in line
    assert fake.requests == 1 and len(list(cache.glob("??/*.json"))) == 1
    fake.script()
    generate_run(project, scratch, *generator_settings(fake, cache, "llm.max_cost_usd=0.5"))
    assert fake.requests == GENERATION_CALLS - 1
    assert usage(project, "generate")["cache_hits"] == 1


def test_missing_key_stops_at_once(project: Path, scratch: Path, fake: FakeOpenAI) -> None:
    fake.script()
    done = generate_run(project, scratch, *generator_settings(fake, scratch / "nokey"), key=None, ok=False)
    assert error_line(done) == (
        "skillsynth generate: error: generator.api_key_env: the environment variable OPENAI_API_KEY is not set; "
        "export OPENAI_API_KEY=<your API key> (any value for a local server that needs none)"
    )
    assert fake.requests == 0


def test_interrupted_run_resumes_without_paying_twice(project: Path, scratch: Path, fake: FakeOpenAI) -> None:
    cache = scratch / "interrupt"
    fake.slow_seconds = 20.0
    fake.script(NORMAL, NORMAL, default=SLOW)
    command = [
        "dvc",
        "exp",
        "run",
        *(p for s in generator_settings(fake, cache, "generator.max_concurrency=1") for p in ("-S", s)),
        "--force",
        "generate",
    ]
    # Ctrl-C must reach the run even when the tests themselves were started in the background
    # (`make test &`), which leaves SIGINT ignored in every process they start.
    process = subprocess.Popen(
        command,
        cwd=project,
        env=_env(project, scratch, KEY),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while fake.count(SLOW) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal: the whole process group
    stdout, stderr = process.communicate(timeout=60)
    OUTPUTS.extend([stdout, stderr])
    assert process.returncode != 0 and "Traceback" not in stderr
    assert "skillsynth generate: interrupted; no output written" in stderr
    assert len(list(cache.glob("??/*.json"))) == 2
    fake.script()
    generate_run(project, scratch, *generator_settings(fake, cache))
    assert fake.requests == GENERATION_CALLS - 2
    assert usage(project, "generate")["cache_hits"] == 2


def _readable(path: Path) -> bytes:
    """A file's bytes, inflated too when it is a git object."""
    data = path.read_bytes()
    if "/.git/objects/" in path.as_posix() and not path.name.endswith((".pack", ".idx")):
        try:
            return data + zlib.decompress(data)
        except zlib.error:
            return data
    return data


def test_the_key_is_nowhere(
    project: Path, scratch: Path, clean_run: tuple[subprocess.CompletedProcess, list[Seen]]
) -> None:
    """Searches what every run of this module wrote and printed; run alone, what the clean run did."""
    assert any(seen.authorization == f"Bearer {KEY}" for seen in clean_run[1])  # it really was in use
    written = [
        p
        for root in (project, scratch)
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and ".venv" not in p.relative_to(root).parts
    ]
    assert any(p.suffix == ".json" and p.parent.parent.parent == scratch for p in written)  # the caches
    assert (project / "dvc.lock").is_file() and (project / "params.yaml").is_file()
    leaks = [str(p) for p in written if KEY.encode() in _readable(p)]
    assert leaks == []
    packed = subprocess.run(["git", "log", "--all", "-p"], cwd=project, capture_output=True, text=True).stdout
    assert KEY not in packed
    assert OUTPUTS and not any(KEY in output for output in OUTPUTS)
    assert not re.search(r"sk-test-SECRET-[0-9a-f]", "".join(OUTPUTS))
