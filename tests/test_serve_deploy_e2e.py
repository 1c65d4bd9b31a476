"""`skillsynth serve` as deployed: workers, the uvicorn app factory, who may listen where, access logs,
and an import path free of the pipeline's heavy packages."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_serve import session, start_service, stop, wait_for_url

pytestmark = pytest.mark.e2e

KEY = "deploy-key-never-logged"
TEXT = "Words of a child that no log line may hold."
FORBIDDEN = ("dvc", "great_expectations", "dask", "distributed", "openai")
SECRETS = (TEXT, "Words of a child", KEY, "query-text")  # what no log line may hold


def _infer(
    url: str, sessions: list[dict], headers: dict | None = None, path: str = "/api/v1/inference"
) -> httpx.Response:
    return httpx.post(f"{url}{path}", json={"sessions": sessions}, headers=headers or {}, timeout=120)


@pytest.fixture(scope="module")
def keyed(repo: Path, trained, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The service on every interface, with a key and debug logging: its local URL and its log file."""
    log = tmp_path_factory.mktemp("keyed") / "serve.log"
    env = {"SKILLSYNTH_API_KEY": KEY, "SKILLSYNTH_LOG_LEVEL": "debug"}
    process = start_service(repo, Path(trained.paths.models_dir), log, "--host", "0.0.0.0", env=env)
    try:
        yield wait_for_url(process, log).replace("0.0.0.0", "127.0.0.1"), log
    finally:
        stop(process)
    logged = log.read_text()  # the whole log, shutdown included
    assert not [secret for secret in SECRETS if secret in logged], "a log line holds a text or the key"


def test_a_key_allows_any_address(keyed: tuple[str, Path]) -> None:
    """Served on every interface with a key, and the key asked for. (The explicit flag in its place:
    tests/test_serve.py.)"""
    url, log = keyed
    assert "http://0.0.0.0:" in log.read_text()
    assert _infer(url, [session("a")], {"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert _infer(url, [session("a")]).status_code == 401


def test_access_lines_on_by_default_and_no_log_line_holds_text_or_key(keyed: tuple[str, Path]) -> None:
    url, log = keyed
    bearer = {"Authorization": f"Bearer {KEY}"}
    assert _infer(url, [session("a", TEXT)], bearer).status_code == 200
    assert _infer(url, [{**session("b", TEXT), "grade": 0}], bearer).status_code == 422
    assert _infer(url, [session("c", TEXT)], {"Authorization": f"Bearer {KEY}!"}).status_code == 401
    assert _infer(url, [session("d", TEXT)], bearer, "/api/v1/inference?note=query-text").status_code == 200
    expected = (
        "access: POST /api/v1/inference 200",
        "access: POST /api/v1/inference 422",
        "access: POST /api/v1/inference 401",
    )
    deadline = time.monotonic() + 30  # each line is logged as its response is sent
    while not all(line in log.read_text() for line in expected):
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    logged = log.read_text()
    assert " DEBUG " in logged, "the service did not log at debug level: the check would prove little"
    for secret in SECRETS:  # so far; the fixture checks the whole log once the service stopped
        assert secret not in logged


def test_workers_each_load_the_models_and_answer(repo, trained, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    process = start_service(repo, Path(trained.paths.models_dir), log, "--workers", "2", "--max-batch-sessions", "3")
    try:
        url = wait_for_url(process, log)
        for index in range(6):
            response = _infer(url, [session(f"s{index}")])
            assert response.status_code == 200 and response.json()["results"][0]["id"] == f"s{index}"
        assert _infer(url, [session(f"s{i}") for i in range(4)]).status_code == 413  # the flag reached the workers
        deadline = time.monotonic() + 60
        while len(set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
    finally:
        stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_uvicorn_runs_the_app_factory_from_environment_variables(repo, trained, tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(repo / "src"),
        "SKILLSYNTH_MODELS": str(trained.paths.models_dir),
        "SKILLSYNTH_MAX_BATCH_SESSIONS": "2",
        "SKILLSYNTH_API_KEY": KEY,
    }
    log = tmp_path / "uvicorn.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "skillsynth.inference.service:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=tmp_path,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while "Application startup complete" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        url, bearer = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {KEY}"}
        assert _infer(url, [session("a")], bearer).status_code == 200
        assert _infer(url, [session("a"), session("b"), session("c")], bearer).status_code == 413
        assert _infer(url, [session("a")]).status_code == 401
    finally:
        stop(process)


IMPORT_CHECK = """
import json, sys
models, source, output = sys.argv[1:4]
from fastapi.testclient import TestClient
from skillsynth.cli import _parser, main
from skillsynth.inference.service import create_app
from skillsynth.inference.settings import service_settings
args = _parser().parse_args(["serve", "--models", models])
app = create_app(service_settings(models=args.models))
session = {"id": "a", "text": "I helped my friend.", "grade": 4, "telemetry": {
    "task_completion_rate": 0.7, "time_on_task_s": 640.5, "retry_count": 2, "hint_requests": 1, "peer_help_count": 3,
    "pause_count": 2, "error_recovery_rate": 0.5, "persistence_after_failure": 0.8, "calm_down_actions": 1}}
assert TestClient(app).post("/api/v1/inference", json={"sessions": [session]}).status_code == 200
assert main(["predict", "--models", models, "--input", source, "--output", output]) == 0
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_predict_and_serve_import_no_pipeline_packages(repo, trained, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(session("a")) + "\n")
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK, trained.paths.models_dir, str(source), str(tmp_path / "out.csv")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert {"skillsynth", "fastapi", "spacy", "xgboost"} <= imported  # it did load the inference path
    assert not imported & set(FORBIDDEN), sorted(imported & set(FORBIDDEN))
