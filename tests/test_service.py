"""The service app in-process, through FastAPI's test client: error shapes, auth, CORS, health, logs,
micro-batching and settings."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from support import TELEMETRY

from skillsynth.errors import SkillsynthError
from skillsynth.inference import auth, service
from skillsynth.inference.batching import MicroBatcher
from skillsynth.inference.scoring import ScoringModels, load_scoring_models, score_sessions
from skillsynth.inference.service import build_app
from skillsynth.inference.sessions import session_model, sessions_frame
from skillsynth.inference.settings import service_settings

KEY = "k3y-that-must-never-be-logged"
TEXT = "Marker words of a child that must never be logged."
INFERENCE = "/api/v1/inference"


def session(session_id: str = "s1", text: str = "I helped my friend when she felt sad.", **fields) -> dict:
    return {"id": session_id, "text": text, "grade": 4, "telemetry": dict(TELEMETRY), **fields}


def post(client: TestClient, payload: object, headers: dict | None = None):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post(INFERENCE, content=body, headers={"content-type": "application/json", **(headers or {})})


def assert_error_shape(response, status: int) -> list[dict]:
    assert response.status_code == status, response.text
    details = response.json()["detail"]
    assert isinstance(details, list) and details
    for detail in details:
        assert set(detail) == {"field", "reason", "value"}
        assert isinstance(detail["field"], str) and isinstance(detail["reason"], str)
        assert detail["value"] is None or isinstance(detail["value"], (str, int, float, bool))
    return details


@pytest.fixture(scope="module")
def client(scoring_models: ScoringModels) -> Iterator[TestClient]:
    with TestClient(build_app(scoring_models)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def keyed(scoring_models: ScoringModels) -> Iterator[TestClient]:
    with TestClient(build_app(scoring_models, api_key=KEY)) as test_client:
        yield test_client


# --- issue 16, findings 1-3: nothing a user sends gives a 500 ------------------------------------


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        (
            {"sessions": [session(telemetry={**TELEMETRY, "retry_count": 10**20})]},
            "sessions[0].telemetry.retry_count",
            "less than or equal to 9007199254740992",
        ),
        (b'{"sessions": [{"id": "a", "text": "\\ud800 x", "grade": 4}]}', "sessions[0].text", "unicode string"),
        (
            b'{"sessions": [{"id": "a", "text": "x", "grade": 44, "\\udc00": "\\ud800"}]}',
            "sessions[0]",
            "unicode string",
        ),
        (b'{"sessions": ' + b"9" * 5000 + b"}", "body", "4300 digits"),
        (b'{"sessions": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", "body", "nested too deeply"),
        (b'{"sessions": "caf\xe9"}', "body", "not UTF-8 text: byte 0xe9 at position 17"),
    ],
    ids=["huge integer", "lone surrogate", "surrogate key", "5000 digits", "20000 nested", "latin-1 byte"],
)
def test_hostile_bodies_are_422_in_the_documented_shape(client: TestClient, payload, field: str, reason: str) -> None:
    details = assert_error_shape(post(client, payload), 422)
    assert any(d["field"] == field and reason in d["reason"] for d in details), details
    assert post(client, {"sessions": [session()]}).status_code == 200  # and the service still answers


def test_types_are_strict_as_json_schema_reads_them(client: TestClient) -> None:
    whole = session(grade=4.0, telemetry={**TELEMETRY, "retry_count": 2.0, "task_completion_rate": 1})
    assert post(client, {"sessions": [whole]}).status_code == 200  # 4.0 is an integer in JSON Schema
    numbered = post(client, {"sessions": [{**session(), "id": 12345}]})
    assert numbered.json()["results"][0]["id"] == "12345"  # an integer id comes back as text
    for field, value in (("text", 5), ("id", 1.5), ("id", True)):
        [detail] = assert_error_shape(post(client, {"sessions": [{**session(), field: value}]}), 422)
        assert detail["field"] == f"sessions[0].{field}" and "valid string" in detail["reason"]
    refused = [
        session(grade="4"),
        session(grade=True),
        session(telemetry={**TELEMETRY, "retry_count": "2"}),
        session(telemetry={**TELEMETRY, "pause_count": False}),
        session(telemetry={**TELEMETRY, "pause_count": 2.5}),
        session(telemetry={**TELEMETRY, "error_recovery_rate": "0.5"}),
        session(telemetry={**TELEMETRY, "error_recovery_rate": True}),
    ]
    for payload in refused:
        [detail] = assert_error_shape(post(client, {"sessions": [payload]}), 422)
        assert detail["reason"].startswith(("Input should be a valid integer", "Input should be a valid number"))


def test_huge_integer_value_is_shown_shortened(client: TestClient) -> None:
    [detail] = assert_error_shape(post(client, {"sessions": [session(grade=10**40)]}), 422)
    assert detail["field"] == "sessions[0].grade" and detail["value"] == "an integer of 41 digits"


@pytest.mark.parametrize(("method", "path", "status"), [("GET", "/nowhere", 404), ("DELETE", INFERENCE, 405)])
def test_other_http_errors_use_the_shape_too(client: TestClient, method: str, path: str, status: int) -> None:
    assert_error_shape(client.request(method, path), status)


def test_an_internal_failure_is_500_in_the_shape_and_logs_no_message(
    scoring_models: ScoringModels, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(sessions: pd.DataFrame, models: ScoringModels) -> pd.DataFrame:
        raise RuntimeError(f"failed on {sessions['text'].iloc[0]}")

    monkeypatch.setattr(service, "score_sessions", broken)
    with TestClient(build_app(scoring_models), raise_server_exceptions=False) as broken_client:
        response = post(broken_client, {"sessions": [session(text=TEXT)]})
    assert_error_shape(response, 500)
    assert "RuntimeError" in caplog.text and TEXT not in caplog.text


# --- /health reports stale model files ------------------------------------------------------------


def test_health_is_503_once_a_loaded_model_file_changes_or_goes(trained, tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    shutil.copytree(trained.paths.models_dir, models_dir)
    models = load_scoring_models(models_dir)
    with TestClient(build_app(models)) as test_client:
        assert test_client.get("/api/v1/health").json()["status"] == "ok"
        (models_dir / "empathy.json").touch()  # same bytes, new time: still the loaded model
        assert test_client.get("/api/v1/health").status_code == 200
        (models_dir / "empathy.json").write_bytes((models_dir / "resilience.json").read_bytes())
        stale = test_client.get("/api/v1/health")
        assert stale.status_code == 503 and stale.json()["status"] == "stale"
        assert any("empathy.json: sha256" in change for change in stale.json()["changed_files"])
        (models_dir / "model_registry.json").unlink()
        changes = test_client.get("/api/v1/health").json()["changed_files"]
        assert any("model_registry.json: deleted" in change for change in changes)
        # it keeps scoring with the models it loaded, which /models still describes
        assert post(test_client, {"sessions": [session()]}).status_code == 200


# --- auth -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": "Bearer "},
        {"Authorization": KEY},
    ],
    ids=["none", "wrong key", "basic", "empty bearer", "no scheme"],
)
@pytest.mark.parametrize(("method", "path"), [("POST", INFERENCE), ("GET", "/api/v1/models")])
def test_api_needs_the_bearer_key(keyed: TestClient, headers: dict, method: str, path: str) -> None:
    body = json.dumps({"sessions": [session()]}) if method == "POST" else None
    response = keyed.request(method, path, content=body, headers={"content-type": "application/json", **headers})
    [detail] = assert_error_shape(response, 401)
    assert detail["field"] == "headers.authorization" and response.headers["www-authenticate"] == "Bearer"


def test_the_key_opens_the_api_and_health_stays_open(keyed: TestClient) -> None:
    bearer = {"Authorization": f"Bearer {KEY}"}
    assert post(keyed, {"sessions": [session()]}, bearer).status_code == 200
    assert keyed.get("/api/v1/models", headers=bearer).status_code == 200
    assert keyed.get("/api/v1/health").status_code == 200
    schema = keyed.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert schema["paths"][INFERENCE]["post"]["security"] and "security" not in schema["paths"]["/api/v1/health"]["get"]


def test_unauthenticated_requests_are_refused_before_the_body_is_read(keyed: TestClient) -> None:
    assert_error_shape(post(keyed, b"{not json"), 401)
    assert_error_shape(post(keyed, b" " * 100_000_000), 401)


def test_the_key_is_compared_in_constant_time(keyed: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    compared = []

    def spy(first: bytes, second: bytes) -> bool:
        compared.append((len(first), len(second)))
        return first == second

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    keyed.get("/api/v1/models", headers={"Authorization": "Bearer x"})
    assert compared == [(32, 32)]  # digests of equal length: neither the key nor its length leaks


def test_the_key_variable_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLASSROOM_KEY", "abc")
    monkeypatch.setenv("SKILLSYNTH_API_KEY_ENV", "CLASSROOM_KEY")
    assert service_settings().api_key() == "abc"
    monkeypatch.setenv("CLASSROOM_KEY", "")
    assert service_settings().api_key() is None
    assert service_settings(api_key_env="NOT_SET_ANYWHERE").api_key() is None


def test_bad_settings_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLSYNTH_MAX_TEXT_CHARS", "-3")
    with pytest.raises(SkillsynthError, match=r"max_text_chars = '-3': Input should be greater than or equal to 1"):
        service_settings()
    monkeypatch.delenv("SKILLSYNTH_MAX_TEXT_CHARS")
    monkeypatch.setenv("SKILLSYNTH_CORS_ORIGINS", "https://not-a-json-list")
    with pytest.raises(SkillsynthError, match="cors_origins"):
        service_settings()


# --- CORS -----------------------------------------------------------------------------------------

PREFLIGHT = {
    "Origin": "https://app.example",
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}


def test_cors_is_off_unless_configured(client: TestClient, scoring_models: ScoringModels) -> None:
    assert "access-control-allow-origin" not in client.options(INFERENCE, headers=PREFLIGHT).headers
    assert (
        "access-control-allow-origin"
        not in client.get("/api/v1/health", headers={"Origin": "https://app.example"}).headers
    )
    with TestClient(build_app(scoring_models, api_key=KEY, cors_origins=["https://app.example"])) as allowed:
        preflight = allowed.options(INFERENCE, headers=PREFLIGHT)
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://app.example"
        other = allowed.options(INFERENCE, headers={**PREFLIGHT, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# --- logs -----------------------------------------------------------------------------------------


def test_no_log_line_holds_session_text_or_the_key(keyed: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("skillsynth", "uvicorn", "fastapi", "starlette"):
        caplog.set_level(logging.DEBUG, logger=name)
    bearer = {"Authorization": f"Bearer {KEY}"}
    assert post(keyed, {"sessions": [session(text=TEXT)]}, bearer).status_code == 200
    assert post(keyed, {"sessions": [session(text=TEXT, grade=99)]}, bearer).status_code == 422
    assert post(keyed, {"sessions": [session(text=TEXT * 20)]}, bearer).status_code == 413
    assert post(keyed, {"sessions": [session(text=TEXT)]}, {"Authorization": f"Bearer {KEY}x"}).status_code == 401
    logged = "\n".join(f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records)
    assert caplog.records, "nothing was logged at all: the check would prove nothing"
    for secret in (TEXT, "Marker words", KEY):
        assert secret not in logged


# --- micro-batching -------------------------------------------------------------------------------


def _frames(count: int) -> list[pd.DataFrame]:
    model = session_model(400)
    texts = ["I tried again.", "We shared the blocks and I said sorry.", "I took a deep breath.", "I kept going."]
    return [sessions_frame([model.model_validate(session(f"s{i}", texts[i % len(texts)]))]) for i in range(count)]


def test_concurrent_requests_are_scored_together_with_the_same_scores(scoring_models: ScoringModels) -> None:
    frames = _frames(8)
    alone = [score_sessions(frame, scoring_models) for frame in frames]
    batcher = MicroBatcher(lambda frame: score_sessions(frame, scoring_models), max_sessions=5)

    async def concurrently() -> list[pd.DataFrame]:
        return await asyncio.gather(*(batcher.score(frame) for frame in frames))

    together = asyncio.run(concurrently())
    assert 2 <= batcher.batches < len(frames)  # at most 5 sessions a batch
    for one, batched in zip(alone, together, strict=True):
        pd.testing.assert_frame_equal(one.reset_index(drop=True), batched, check_exact=False, atol=1e-6, rtol=0)


def test_a_failed_batch_fails_each_of_its_requests() -> None:
    def fail(frame: pd.DataFrame) -> pd.DataFrame:
        raise ValueError("scoring failed")

    batcher = MicroBatcher(fail, max_sessions=10)

    async def concurrently() -> list:
        return await asyncio.gather(*(batcher.score(frame) for frame in _frames(3)), return_exceptions=True)

    assert all(isinstance(outcome, ValueError) for outcome in asyncio.run(concurrently()))
