"""Property-based tests of the service: whatever a client sends, the answer is 200, 413 or 422 in the
documented shape, never a 500 or a dropped connection (hypothesis drives the app through FastAPI's test
client; schemathesis fuzzes the OpenAPI schema). Bounded in every run; `pytest -m fuzz` runs many more."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode

from skillsynth.contract import SKILLS, TELEMETRY_COLUMNS
from skillsynth.inference.scoring import ScoringModels
from skillsynth.inference.service import build_app

pytestmark = pytest.mark.fuzz
INFERENCE = "/api/v1/inference"
COUNTS = ("retry_count", "hint_requests", "peer_help_count", "pause_count", "calm_down_actions")
# Any character, lone surrogates included (a JSON body can carry them as \ud800 escapes).
CHARACTERS = st.characters(codec=None, categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co"])
TEXTS = st.text(CHARACTERS, max_size=30) | st.sampled_from(["", " ", "\u2028", "I tried again.", "a" * 401])
NUMBERS = (
    st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**70)
    | st.integers(min_value=-(2**70), max_value=-1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0, 1, 1.0, 0.5, -0.0, 1e308, 5e-324, 12, 13])
)
SCALARS = st.none() | st.booleans() | NUMBERS | TEXTS
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3), max_leaves=12
)


def _plausible(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a valid value, sometimes anything at all."""
    return st.one_of(valid, valid, JSON_VALUES)


TELEMETRY = st.fixed_dictionaries(
    {
        name: _plausible(
            st.integers(0, 50)
            if name in COUNTS
            else st.floats(0, 1)
            if name != "time_on_task_s"
            else st.floats(1, 5000)
        )
        for name in TELEMETRY_COLUMNS
    },
    optional={"unknown_signal": JSON_VALUES},
)
SESSIONS = st.fixed_dictionaries(
    {
        "id": _plausible(st.text(min_size=1, max_size=8)),
        "text": _plausible(st.text(min_size=1, max_size=60)),
        "grade": _plausible(st.integers(1, 12)),
        "telemetry": st.one_of(TELEMETRY, TELEMETRY, JSON_VALUES),
    },
    optional={"school": JSON_VALUES},
)
BODIES = st.one_of(
    st.fixed_dictionaries({"sessions": st.lists(SESSIONS, max_size=7)}),
    st.fixed_dictionaries({"sessions": JSON_VALUES}),
    JSON_VALUES,
)


@pytest.fixture(scope="module")
def client(scoring_models: ScoringModels) -> Iterator[TestClient]:
    with TestClient(build_app(scoring_models)) as test_client:
        yield test_client


def check_answer(response, sent: object = None) -> None:
    """The documented answers: 200 with a result per session, or 413/422 with {field, reason, value} details."""
    assert response.status_code in (200, 413, 422), response.text
    body = response.json()
    if response.status_code == 200:
        results = body["results"]
        if isinstance(sent, dict):
            assert [result["id"] for result in results] == [str(s["id"]) for s in sent["sessions"]]
        for result in results:
            assert list(result["scores"]) == list(SKILLS)
            assert all(isinstance(v, float) and math.isfinite(v) and 0 <= v <= 1 for v in result["scores"].values())
        return
    assert isinstance(body["detail"], list) and body["detail"]
    for detail in body["detail"]:
        assert set(detail) == {"field", "reason", "value"} and detail["field"] and detail["reason"]
        assert detail["value"] is None or isinstance(detail["value"], (str, int, float, bool))


def _post(client: TestClient, body: bytes):
    return client.post(INFERENCE, content=body, headers={"content-type": "application/json"})


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(payload=BODIES)
def test_any_json_body_gets_a_documented_answer(client: TestClient, payload: object) -> None:
    # ensure_ascii: lone surrogates travel as \udxxx escapes; NaN and Infinity as Python writes them
    check_answer(_post(client, json.dumps(payload, ensure_ascii=True).encode()), payload)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=200)
    | st.builds(
        lambda n, open_: (open_ * n).encode(),
        st.integers(1, 20_000),
        st.sampled_from(["[", "{", '{"a":', '{"sessions": [']),
    )
)
def test_any_bytes_get_a_documented_answer(client: TestClient, body: bytes) -> None:
    check_answer(_post(client, body))


# Invalid data is refused with 422, or 413 when it is over a limit (more sessions, longer texts).
REFUSALS = {"checks": {"negative_data_rejection": {"expected-statuses": [413, 422]}}}


@pytest.fixture(scope="module")
def api_schema(scoring_models: ScoringModels):
    config = SchemathesisConfig.from_dict(REFUSALS)
    return schemathesis.openapi.from_asgi("/openapi.json", build_app(scoring_models), config=config)


# schemathesis' own `parametrize` over a fixture fails on pytest 9 (it reads Function._nodeid), so its
# strategies are drawn here, per operation and mode.
@pytest.mark.parametrize(
    ("method", "path", "mode"),
    [
        ("POST", INFERENCE, GenerationMode.POSITIVE),
        ("POST", INFERENCE, GenerationMode.NEGATIVE),
        ("GET", "/api/v1/health", GenerationMode.POSITIVE),
        ("GET", "/api/v1/models", GenerationMode.POSITIVE),
    ],
    ids=["inference-valid", "inference-invalid", "health", "models"],  # the GETs take no input to make invalid
)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_api_keeps_its_openapi_schema(api_schema, method: str, path: str, mode: GenerationMode, data) -> None:
    """Schema-driven cases, valid and invalid: no server error, only documented statuses and bodies,
    valid data accepted and invalid data refused."""
    case = data.draw(api_schema[path][method].as_strategy(generation_mode=mode))
    response = case.call()
    case.validate_response(response)
    if path == INFERENCE:
        check_answer(response)
