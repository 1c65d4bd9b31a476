"""`skillsynth serve`: the HTTP inference service, FastAPI routes over the shared scoring core."""

# No `from __future__ import annotations`: FastAPI reads the route signatures at run time, and the
# request model is built per app from the configured limits.

import logging
import math
import socket
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from skillsynth import __version__
from skillsynth.config import Serve, Settings
from skillsynth.contract import COLUMNS, SKILLS, TELEMETRY_COLUMNS, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.inference.scoring import ScoringModels, load_scoring_models, plain_scores, score_sessions
from skillsynth.inference.sessions import describe_value, field_name, session_model, sessions_frame

log = logging.getLogger(__name__)
API = "/api/v1"
SIZE_ERRORS = frozenset({"too_long", "string_too_long"})  # a limit of `serve`, refused with 413

Scores: type[BaseModel] = create_model(
    "Scores",
    **{skill: (Annotated[float, Field(ge=0.0, le=1.0, description=COLUMNS[score_column(skill)].description)], ...)
       for skill in SKILLS},
)


class Result(BaseModel):
    id: str
    scores: Scores  # type: ignore[valid-type]


class InferenceResponse(BaseModel):
    results: list[Result] = Field(description="One result per session, in the order they were sent.")


class ErrorDetail(BaseModel):
    field: str = Field(description="Where the problem is, e.g. `sessions[0].telemetry.retry_count`.")
    reason: str = Field(description="What was expected.")
    value: Any = Field(None, description="The value received, shortened (null when it is missing or a whole object).")


class ErrorResponse(BaseModel):
    detail: list[ErrorDetail]


class Health(BaseModel):
    status: str
    skillsynth_version: str
    models: list[str]
    nlp_model: str


class ModelEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    file: str
    sha256: str
    target: str
    heldout_metrics: dict[str, float]


class ModelsInfo(BaseModel):
    """The model registry the service loaded, with the limits it applies."""

    model_config = ConfigDict(extra="allow")
    registry_version: int
    skillsynth_version: str
    nlp: dict[str, str | None]
    features: list[str]
    inputs: list[str] = Field(description="The raw fields a session needs.")
    params: dict[str, Any]
    data: dict[str, Any]
    split: dict[str, Any]
    models: dict[str, ModelEntry]
    limits: dict[str, int]


def _detail(error: dict[str, Any], limits: Serve) -> dict[str, Any]:
    """One validation error as field, reason and (short) value."""
    location = [part for part in error["loc"] if part != "body"] or ["body"]
    value = error.get("input")
    reason = error["msg"]
    if error["type"] == "json_invalid":  # located at a character position, not a field
        location, value = ["body"], None
        reason = f"not valid JSON at character {error['loc'][-1]}: {error.get('ctx', {}).get('error', reason)}"
    elif error["type"] == "too_long":
        reason = f"{len(value)} sessions in one request; at most {limits.max_batch_sessions} accepted"
    elif error["type"] == "string_too_long":
        reason = f"text of {len(value)} characters; at most {limits.max_text_chars} accepted"
    if isinstance(value, str) and len(value) > 60 or isinstance(value, float) and not math.isfinite(value):
        value = describe_value(value)  # shortened, or NaN/Infinity, which JSON cannot carry
    shown = value if isinstance(value, (str, int, float, bool)) else None
    return {"field": field_name(location), "reason": reason, "value": shown}


def _too_large(size: str, max_bytes: int) -> list[dict[str, Any]]:
    return [{"field": "body", "reason": f"request body of {size} bytes; at most {max_bytes} accepted", "value": None}]


class RequestSizeLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with 413, before they are parsed."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            refusal = JSONResponse({"detail": _too_large(declared.decode(), self.max_bytes)}, status_code=413)
            await refusal(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:  # a chunked body that declared no length
                raise HTTPException(413, detail=_too_large(f"over {self.max_bytes}", self.max_bytes))
            return message

        await self.app(scope, limited_receive, send)


def create_app(models: ScoringModels, limits: Serve) -> FastAPI:
    """The service over ``models``; sessions are checked against the contract and ``limits``."""
    Session = session_model(limits.max_text_chars)
    InferenceRequest = create_model(
        "InferenceRequest",
        __config__=ConfigDict(extra="forbid"),
        sessions=(Annotated[list[Session], Field(min_length=1, max_length=limits.max_batch_sessions)], ...),
    )
    app = FastAPI(
        title="skillsynth inference",
        version=__version__,
        description="Scores of empathy, problem-solving, self-regulation and resilience, each in [0, 1], "
        "for student sessions (a transcribed spoken response and game telemetry).",
    )
    app.add_middleware(RequestSizeLimit, max_bytes=limits.max_request_bytes)
    scoring_lock = threading.Lock()  # one scoring at a time: spaCy's pipeline is not documented thread-safe
    errors = {413: {"model": ErrorResponse, "description": "Input over a configured size limit"},
              422: {"model": ErrorResponse, "description": "Invalid session fields"}}

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        found = error.errors()
        oversized = [e for e in found if e["type"] in SIZE_ERRORS]
        shown = oversized or found
        return JSONResponse({"detail": [_detail(e, limits) for e in shown]}, status_code=413 if oversized else 422)

    @app.post(f"{API}/inference", response_model=InferenceResponse, responses=errors)
    def inference(request: InferenceRequest) -> dict:  # type: ignore[valid-type]
        """Score a batch of sessions; results come back in the order sent."""
        sessions = sessions_frame(request.sessions)
        with scoring_lock:
            scores = score_sessions(sessions, models)
        return {"results": [
            {"id": session_id, "scores": {skill: row[score_column(skill)] for skill in SKILLS}}
            for session_id, row in zip(sessions["id"], plain_scores(scores), strict=True)
        ]}

    @app.get(f"{API}/health", response_model=Health)
    def health() -> dict:
        """Liveness: the service is up with its models loaded."""
        return {"status": "ok", "skillsynth_version": __version__,
                "models": list(models.boosters), "nlp_model": models.nlp_model}

    @app.get(f"{API}/models", response_model=ModelsInfo)
    def registry() -> dict:
        """The model registry: versions, features, raw inputs, data hash and held-out metrics."""
        limits_info = {"max_text_chars": limits.max_text_chars, "max_batch_sessions": limits.max_batch_sessions,
                       "max_request_bytes": limits.max_request_bytes}
        return {**models.registry, "nlp": {**models.registry.get("nlp", {}), "model": models.nlp_model},
                "limits": limits_info}

    return app


def _warm_up(models: ScoringModels) -> None:
    """Score one session so the first request does not pay for lazily loaded lexicons."""
    session = {"id": "warm-up", "text": "I tried again and helped my friend.", "grade": 5,
               **{name: COLUMNS[name].minimum or 0 for name in TELEMETRY_COLUMNS}}
    score_sessions(pd.DataFrame([session]), models)


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket, or one line saying why not."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        # proto must say TCP: asyncio turns Nagle off only on sockets that do, and with Nagle on,
        # every reply on a kept-alive connection waits ~40 ms for the client's delayed ACK.
        server = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(address)
        server.listen()
    except OSError as error:
        raise SkillsynthError(f"{host}:{port}: cannot listen ({error.strerror or error})") from None
    return server


def run(settings: Settings, models_dir: Path, host: str, port: int) -> int:
    """Load and check the models, then serve until stopped; the exit code of `skillsynth serve`."""
    started = time.perf_counter()
    models = load_scoring_models(models_dir, Path(settings.paths.registry).name, settings.nlp)
    _warm_up(models)
    app = create_app(models, settings.serve)
    server_socket = listening_socket(host, port)
    bound_host, bound_port = server_socket.getsockname()[:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    log.info(
        "serve: %d models from %s (nlp %s) loaded in %.1f s; listening on http://%s:%d (docs at /docs)",
        len(models.boosters), models_dir, models.nlp_model, time.perf_counter() - started, shown_host, bound_port,
    )
    config = uvicorn.Config(app, host=host, port=bound_port, log_config=None, timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[server_socket])
    return 0
