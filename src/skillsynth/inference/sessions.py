"""What a session to score must hold: typed models built from the data contract and the serve limits."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from skillsynth.config import Grade
from skillsynth.contract import COLUMNS, TELEMETRY_COLUMNS, TEXT, Column
from skillsynth.dataset import PANDAS_DTYPES

STRICT_RECORD = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


def _telemetry_field(column: Column) -> tuple[type, Any]:
    """A pydantic field with the contract column's type, range and description."""
    bounds: dict[str, Any] = {}
    if column.minimum is not None:
        bounds["ge"] = column.minimum
    if column.maximum is not None:
        bounds["le"] = column.maximum
    if column.dtype == "int":
        return int, Field(description=column.description, **bounds)
    return float, Field(description=column.description, allow_inf_nan=False, **bounds)


Telemetry: type[BaseModel] = create_model(
    "Telemetry",
    __config__=ConfigDict(extra="forbid"),
    __doc__="The 9 game-telemetry signals of a session, with the ranges of the data contract.",
    **{name: _telemetry_field(COLUMNS[name]) for name in TELEMETRY_COLUMNS},
)


@functools.cache
def session_model(max_text_chars: int) -> type[BaseModel]:
    """The model of one session to score, with texts up to ``max_text_chars`` characters."""
    return create_model(
        "Session",
        __config__=STRICT_RECORD,
        __doc__="One student session: an id, the transcribed response, the grade and telemetry.",
        id=(Annotated[str, Field(min_length=1, description="Your id for the session, returned with its scores.")], ...),
        text=(Annotated[str, Field(max_length=max_text_chars, description=TEXT.description)], ...),
        grade=(Grade, Field(description=COLUMNS["grade"].description)),
        telemetry=(Telemetry, ...),
    )


def field_name(location: Iterable[str | int]) -> str:
    """A validation error's location as people write it: ``sessions[2].telemetry.retry_count``."""
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(record)"


def describe_value(value: Any) -> str:
    """A short, readable rendering of an offending value (long texts are cut, with their length)."""
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:40]!r}… ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


@dataclass(frozen=True)
class RowProblem:
    """Why one input row cannot be scored."""

    row: int
    session_id: str | None
    field: str
    value: Any
    expected: str
    missing: bool = False

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" (id {self.session_id!r})" if self.session_id else "")
        if self.missing:
            return f"{where}: {self.field} is missing: {self.expected}"
        return f"{where}: {self.field} = {describe_value(self.value)}: {self.expected}"


def row_problems(error: ValidationError, row: int, session_id: str | None) -> list[RowProblem]:
    """Every problem of a row that failed validation; telemetry fields are named by their column."""
    problems = []
    for detail in error.errors(include_url=False):
        location = [part for part in detail["loc"] if part != "telemetry"]
        missing = detail["type"] == "missing"
        expected = "a value is required" if missing else detail["msg"]
        problems.append(RowProblem(row, session_id, field_name(location), detail.get("input"), expected, missing))
    return problems


def validate_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], model: type[BaseModel]
) -> tuple[list[tuple[int, BaseModel]], list[RowProblem]]:
    """Validate numbered raw sessions: the valid ones (with their row numbers) and every problem found."""
    valid, problems = [], []
    for row, raw in rows:
        try:
            valid.append((row, model.model_validate(raw)))
        except ValidationError as error:
            session_id = raw.get("id")
            problems.extend(row_problems(error, row, None if session_id is None else str(session_id)))
    return valid, problems


def sessions_frame(sessions: list[BaseModel]) -> pd.DataFrame:
    """Validated sessions as a table: ``id``, ``text``, ``grade`` and the telemetry columns, contract dtypes."""
    columns: dict[str, Any] = {
        "id": [session.id for session in sessions],
        "text": [session.text for session in sessions],
        "grade": np.array([session.grade for session in sessions], dtype=PANDAS_DTYPES["int"]),
    }
    for name in TELEMETRY_COLUMNS:
        dtype = PANDAS_DTYPES[COLUMNS[name].dtype]
        columns[name] = np.array([getattr(session.telemetry, name) for session in sessions], dtype=dtype)
    return pd.DataFrame(columns)
