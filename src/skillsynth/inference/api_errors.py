"""The service's one error shape, ``{"detail": [{field, reason, value}]}``, for every refusal it makes."""

from __future__ import annotations

import logging
import math
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from skillsynth.config import Serve
from skillsynth.inference.sessions import MAX_COUNT, describe_value, field_name, printable

log = logging.getLogger(__name__)
SIZE_ERRORS = frozenset({"too_long", "string_too_long"})  # a limit of `serve`, refused with 413


class ErrorDetail(BaseModel):
    field: str = Field(description="Where the problem is, e.g. `sessions[0].telemetry.retry_count`, or `body`.")
    reason: str = Field(description="What was expected.")
    value: Any = Field(None, description="The value received, shortened (null when it is missing or a whole object).")


class ErrorResponse(BaseModel):
    detail: list[ErrorDetail]


def error_response(status: int, field: str, reason: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A refusal in the documented shape, with one detail and no value."""
    return JSONResponse({"detail": [{"field": field, "reason": reason, "value": None}]}, status, headers=headers)


def too_large(declared: str, max_bytes: int) -> JSONResponse:
    """413 for a request body over ``max_bytes`` (``declared``: its Content-Length, if it said one)."""
    size = f"of {declared}" if declared.isdigit() else f"over {max_bytes}"
    return error_response(413, "body", f"request body {size} bytes; at most {max_bytes} bytes accepted")


class DeclaredSizeLimit:
    """ASGI middleware answering 413 in the documented shape when a request's Content-Length is over
    ``max_bytes``. FastAPI's own ``max_body_size`` (on the inference route) counts the bytes of a body
    that declares no length; for a declared length, Starlette's limit answers plain text, not this shape."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            declared = dict(scope["headers"]).get(b"content-length", b"").decode("latin-1")
            if declared.isdigit() and int(declared) > self.max_bytes:
                await too_large(declared, self.max_bytes)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _shown_value(value: Any) -> str | int | float | bool | None:
    """The offending value as the answer may carry it: a scalar, shortened, always encodable as JSON."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return describe_value(value) if len(value) > 60 else printable(value)
    if isinstance(value, int):
        return value if abs(value) <= MAX_COUNT else describe_value(value)  # as text: JSON readers lose digits
    if isinstance(value, float):
        return value if math.isfinite(value) else describe_value(value)  # JSON has no NaN or Infinity
    return None  # an object or a list: the field name says where


def validation_detail(error: dict[str, Any], limits: Serve) -> dict[str, Any]:
    """One validation error of a request as field, reason and (short) value."""
    location = [part for part in error["loc"] if part != "body"] or ["body"]
    value: Any = error.get("input")  # any JSON value; "too_long" errors hold a list or a string
    reason = printable(error["msg"])
    if error["type"] == "json_invalid":  # located at a character position, not a field
        location, value = ["body"], None
        reason = f"not valid JSON at character {error['loc'][-1]}: {error.get('ctx', {}).get('error', reason)}"
    elif error["type"] == "too_long":
        reason = f"{len(value)} sessions in one request; at most {limits.max_batch_sessions} accepted"
    elif error["type"] == "string_too_long":
        reason = f"text of {len(value)} characters; at most {limits.max_text_chars} accepted"
    return {"field": field_name(location), "reason": reason, "value": _shown_value(value)}


def _unparsable_body(cause: BaseException | None) -> str:
    """Why a body that is not even JSON the parser can hold was refused."""
    if isinstance(cause, UnicodeDecodeError):
        return f"not UTF-8 text: byte {cause.object[cause.start]:#04x} at position {cause.start}"
    if isinstance(cause, RecursionError):
        return "JSON nested too deeply to parse"
    if isinstance(cause, ValueError):  # e.g. an integer of more than 4,300 digits
        return f"JSON the service cannot read: {' '.join(str(cause).split(';')[0].split())}"
    return "not a JSON body the service can read"


def add_error_handlers(app: FastAPI, limits: Serve) -> None:
    """Every error the app answers, in the one shape: 422 invalid, 413 over a limit, 401, 404, 405, 500."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        found = error.errors()
        oversized = [e for e in found if e["type"] in SIZE_ERRORS]
        details = [validation_detail(e, limits) for e in oversized or found]
        return JSONResponse({"detail": details}, status_code=413 if oversized else 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 400:  # FastAPI's answer to a body its JSON parser gave up on
            return error_response(422, "body", _unparsable_body(error.__cause__))
        if error.status_code == 413:  # FastAPI's request-size limit, before the body is parsed
            return too_large(request.headers.get("content-length", ""), limits.max_request_bytes)
        return error_response(error.status_code, "request", str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def failure(request: Request, error: Exception) -> JSONResponse:
        # Where it failed, but not the message: it could quote what a child said.
        frames = traceback.extract_tb(error.__traceback__)
        where = " <- ".join(
            f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in reversed(frames[-6:])
        )
        log.error("serve: %s %s failed with %s at %s", request.method, request.url.path, type(error).__name__, where)
        return error_response(500, "request", "the service failed to answer; the failure is logged")
