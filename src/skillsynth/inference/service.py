"""The HTTP inference service: FastAPI routes over the shared scoring core, and its app factory.

``uvicorn skillsynth.inference.service:create_app --factory`` runs it with settings from SKILLSYNTH_*
environment variables; `skillsynth serve` runs the same app with flags.
"""

# No `from __future__ import annotations`: FastAPI reads the route signatures at run time, and the
# request model is built per app from the configured limits.

import logging
from typing import Annotated, Any

import pandas as pd
from fastapi import FastAPI, Security
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, create_model
from starlette.middleware import Middleware

from skillsynth import __version__
from skillsynth.config import Serve
from skillsynth.contract import COLUMNS, SKILLS, TELEMETRY_COLUMNS, score_column
from skillsynth.inference.api_errors import DeclaredSizeLimit, ErrorResponse, add_error_handlers
from skillsynth.inference.auth import BearerKeyAuth
from skillsynth.inference.batching import MicroBatcher
from skillsynth.inference.scoring import ScoringModels, load_scoring_models, plain_scores, score_sessions
from skillsynth.inference.sessions import session_model, sessions_frame
from skillsynth.inference.settings import ServiceSettings, service_settings
from skillsynth.model.distribution import IN_DISTRIBUTION, MULTIVARIATE, OUTSIDE, TYPICAL_QUANTILES
from skillsynth.model.registry import Registry

log = logging.getLogger(__name__)
API = "/api/v1"

# ignored below: mypy matches **fields against create_model's own options
Scores: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "Scores",
    **{
        skill: (Annotated[float, Field(ge=0.0, le=1.0, description=COLUMNS[score_column(skill)].description)], ...)
        for skill in SKILLS
    },
)


class Result(BaseModel):
    id: str
    scores: Scores  # type: ignore[valid-type]
    in_distribution: bool = Field(
        description="false when the session lies outside what the models were trained on: its scores are "
        "extrapolations. A missing input (no telemetry, or some signals) is normal and never flags a session."
    )
    out_of_distribution: list[str] = Field(
        description="What fell outside: the features beyond their training range (GET /api/v1/models lists the "
        f"ranges), and `{MULTIVARIATE}` when their combination is unlike the training rows; empty when in distribution."
    )


class InferenceResponse(BaseModel):
    results: list[Result] = Field(description="One result per session, in the order they were sent.")


class Health(BaseModel):
    status: str = Field(description="`ok`, or `stale` (503) when a loaded model file changed on disk.")
    skillsynth_version: str
    models: list[str]
    nlp_model: str
    changed_files: list[str] = Field([], description="What changed on disk since the models were loaded.")


class FeatureRange(BaseModel):
    rows: int = Field(description="Training rows with the feature; 0 = none, and the feature never flags.")
    min: float | None = None
    max: float | None = None
    typical_low: float | None = Field(
        None, description=f"The {TYPICAL_QUANTILES[0]:.1%} quantile on the training rows."
    )
    typical_high: float | None = Field(
        None, description=f"The {TYPICAL_QUANTILES[1]:.1%} quantile on the training rows."
    )
    low: float | None = Field(
        None, description="Accepted range: a value below `low` or above `high` flags the session."
    )
    high: float | None = None


class DistributionInfo(BaseModel):
    """The training distribution the out-of-distribution flags compare sessions with."""

    model_config = ConfigDict(extra="allow")
    features: list[str] = Field(description="The features checked, each against its range.")
    range_margin: float = Field(description="A value beyond the typical range by more than this share of its width...")
    range_tail: float = Field(description="...and beyond all but this share of the training values is outside.")
    ranges: dict[str, FeatureRange]
    multivariate: dict[str, Any] | None = Field(
        description="The Mahalanobis score over the standardised features and its thresholds (-log10 of its "
        "chi-square tail), calibrated on the training rows out of fold; null when too few rows were complete."
    )
    training_rows_flagged: float = Field(description="Share of the training rows the flags mark out of distribution.")


class ModelsInfo(Registry):
    """The model registry the service loaded, with the limits it applies."""

    inputs: list[str] = Field(description="The raw fields a session needs.")
    distribution: DistributionInfo  # type: ignore[assignment]  # the registry's record, typed for the API schema
    limits: dict[str, int]


def _results(sessions: pd.DataFrame, scored: pd.DataFrame) -> list[dict[str, Any]]:
    """One result per session, in order: its id, a score per skill, and its out-of-distribution flags."""
    scores = plain_scores(scored.loc[:, [score_column(skill) for skill in SKILLS]])
    return [
        {
            "id": session_id,
            "scores": {skill: row[score_column(skill)] for skill in SKILLS},
            IN_DISTRIBUTION: bool(fits),
            OUTSIDE: list(names),
        }
        for session_id, row, fits, names in zip(
            sessions["id"], scores, scored[IN_DISTRIBUTION], scored[OUTSIDE], strict=True
        )
    ]


def build_app(models: ScoringModels, api_key: str | None = None, cors_origins: list[str] | None = None) -> FastAPI:
    """The service over loaded ``models``: sessions are checked against the contract and the models'
    limits; with ``api_key``, the API needs ``Authorization: Bearer <api_key>``."""
    limits = Serve.model_validate(models.limits)
    Session = session_model(limits.max_text_chars)
    # a model built at runtime is no type to mypy
    field = Annotated[list[Session], Field(min_length=1, max_length=limits.max_batch_sessions)]  # type: ignore[valid-type]
    sessions: Any = (field, ...)
    InferenceRequest = create_model("InferenceRequest", __config__=ConfigDict(extra="forbid"), sessions=sessions)
    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
            )
        )
    if api_key:
        middleware.append(Middleware(BearerKeyAuth, api_key=api_key))
    app = FastAPI(
        title="skillsynth inference",
        version=__version__,
        description="Scores of empathy, problem-solving, self-regulation and resilience, each in [0, 1], "
        "for student sessions (a transcribed spoken response and game telemetry).",
        middleware=[*middleware, Middleware(DeclaredSizeLimit, max_bytes=limits.max_request_bytes)],
    )
    add_error_handlers(app, limits)
    # Documents the key in the OpenAPI schema (the Authorize button of /docs); BearerKeyAuth checks it.
    secured = [Security(HTTPBearer(auto_error=False, description="The service's API key"))] if api_key else []
    errors: dict[int | str, dict[str, Any]] = {
        413: {"model": ErrorResponse, "description": "Input over a configured size limit"},
        422: {"model": ErrorResponse, "description": "Invalid session fields, or a body that is not JSON"},
        **({401: {"model": ErrorResponse, "description": "Missing or wrong API key"}} if api_key else {}),
    }
    batcher = MicroBatcher(lambda sessions: score_sessions(sessions, models), limits.max_batch_sessions)

    @app.post(
        f"{API}/inference",
        response_model=InferenceResponse,
        responses=errors,
        dependencies=secured,
        max_body_size=limits.max_request_bytes,
    )  # FastAPI's limit: 413 before the body is parsed
    async def inference(request: InferenceRequest) -> dict:  # type: ignore[valid-type]
        """Score a batch of sessions; results come back in the order sent."""
        sessions = sessions_frame(request.sessions)  # type: ignore[attr-defined]  # as above: a runtime model
        return {"results": _results(sessions, await batcher.score(sessions))}

    @app.get(f"{API}/health", response_model=Health, responses={503: {"model": Health, "description": "Stale"}})
    def health() -> Any:
        """Liveness: 200 while the loaded models are the files on disk; 503 once one of them changed
        or went (the service keeps scoring with what it loaded: restart it to load the new files)."""
        changed = models.files.changed()
        body = {
            "status": "stale" if changed else "ok",
            "skillsynth_version": __version__,
            "models": list(models.boosters),
            "nlp_model": models.nlp_model,
            "changed_files": changed,
        }
        return JSONResponse(body, status_code=503) if changed else body

    @app.get(
        f"{API}/models",
        response_model=ModelsInfo,
        dependencies=secured,
        responses={401: errors[401]} if api_key else None,
    )
    def registry() -> dict:
        """The model registry: versions, features, raw inputs, the training distribution (each checked
        feature's range), data hash and held-out metrics."""
        limits_info = {
            "max_text_chars": limits.max_text_chars,
            "max_batch_sessions": limits.max_batch_sessions,
            "max_request_bytes": limits.max_request_bytes,
        }
        registry = models.registry
        return {
            **registry.model_dump(),
            "nlp": {**registry.nlp.model_dump(), "model": models.nlp_model},
            "limits": limits_info,
        }

    return app


def warm_up(models: ScoringModels) -> None:
    """Score one session so the first request does not pay for lazily loaded lexicons."""
    session = {
        "id": "warm-up",
        "text": "I tried again and helped my friend.",
        "grade": 5,
        **{name: COLUMNS[name].minimum or 0 for name in TELEMETRY_COLUMNS},
    }
    score_sessions(pd.DataFrame([session]), models)


def load_models(settings: ServiceSettings) -> ScoringModels:
    """The models of ``settings.models``, checked and warmed up, with the limits the settings override."""
    models = load_scoring_models(settings.models, settings.limit_overrides())
    warm_up(models)
    return models


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The app factory: ``uvicorn skillsynth.inference.service:create_app --factory`` (settings from
    SKILLSYNTH_* variables), and each worker of `skillsynth serve --workers N`."""
    settings = settings or service_settings()
    return build_app(load_models(settings), settings.api_key(), settings.cors_origins)
