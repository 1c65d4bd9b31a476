"""What a session to score must hold: typed models built from the data contract and the serve limits.

Types are strict, as JSON Schema reads them: a count or the grade is a JSON number without a fraction
(3 or 3.0), and a rate or a time any JSON number; text (``"3"``) and booleans (``true``) are refused
for both. The text is a JSON string, the id a string or an integer. A CSV cell is text by nature: the
CSV reader parses each numeric cell as the number it spells (``"3"`` is 3) before validation, and
leaves any other cell as text, which validation refuses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError

from skillsynth.contract import ALLOWED_GRADES, COLUMNS, PANDAS_DTYPES, TELEMETRY_COLUMNS, TEXT, Column

# The largest count accepted: 2**53, the largest integer every JSON reader keeps exactly (a float of
# JSON Schema's "integer" type too); counts are stored as int64, which holds it.
MAX_COUNT = 2**53
HIDDEN_FIELDS = ("text", "(line)")  # values never shown in a log line: they hold what a child said


def printable(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udxxx``, so it can be encoded as UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


# A character that is not white space, for _not_blank and the JSON schema alike. The class is spelled
# out, because `\s` differs between Python's regexes and the ECMA ones JSON Schema patterns use:
# this is the union of both (Python's also counts \x1c-\x1f and \x85, ECMA's also U+FEFF).
NOT_BLANK = r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"


def _not_blank(text: str) -> str:
    if not re.search(NOT_BLANK, text):
        raise PydanticCustomError("blank_text", "must hold words; the data contract forbids an empty or blank text")
    return text


def _not_text_or_boolean(value: Any) -> Any:
    """Refuse what pydantic's lax integers would coerce: "3" is text and true is no count."""
    if isinstance(value, (str, bool)):
        raise PydanticCustomError(
            "int_type",
            "Input should be a valid integer, not {kind}",
            {"kind": "a boolean" if isinstance(value, bool) else "text"},
        )
    return value


def _integer_id_as_text(value: Any) -> Any:
    """An id may be a JSON integer (a database key, say); it is returned as text. No other number."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


SessionId = Annotated[
    str,
    Field(
        min_length=1,
        description="Your id for the session (text, or an integer), returned with its scores as text.",
        json_schema_extra={"type": ["string", "integer"]},
    ),
    BeforeValidator(_integer_id_as_text),
]


def _number_field(column: Column, upper: float | None = None, optional: bool = False) -> tuple[Any, Any]:
    """A strict pydantic field with the contract column's type, range and description; an ``optional``
    one may be left out or null (a signal the session lacks)."""
    bounds: dict[str, Any] = {}
    if column.minimum is not None:
        bounds["ge"] = column.minimum
    maximum = column.maximum if column.maximum is not None else upper
    if maximum is not None:
        bounds["le"] = maximum
    if column.dtype != "int":
        bounds["allow_inf_nan"] = False
    # The bounds sit on the number itself, so an optional one's schema keeps them on its number branch, and
    # before the validator (a count is 3 or 3.0, not 3.5, "3" or true): after one, pydantic would write
    # them as "ge"/"le", which JSON Schema does not know.
    kind: Any = (
        Annotated[int, Field(**bounds), BeforeValidator(_not_text_or_boolean)]
        if column.dtype == "int"
        else Annotated[float, Strict(), Field(**bounds)]
    )
    if optional:
        return kind | None, Field(None, description=f"{column.description} Optional.")
    return kind, Field(description=column.description)


# ignored below: mypy matches **fields against create_model's own options
Telemetry: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "Telemetry",
    __config__=ConfigDict(extra="forbid"),
    __doc__="The 9 game-telemetry signals of a session, with the ranges of the data contract; each is optional "
    "(a game that does not log it, or a session without it).",
    **{name: _number_field(COLUMNS[name], upper=MAX_COUNT, optional=True) for name in TELEMETRY_COLUMNS},
)
GRADE = Column(
    "grade", "int", COLUMNS["grade"].role, COLUMNS["grade"].description, min(ALLOWED_GRADES), max(ALLOWED_GRADES)
)


@functools.cache
def session_model(max_text_chars: int) -> type[BaseModel]:
    """The model of one session to score, with texts up to ``max_text_chars`` characters."""
    fields: dict[str, Any] = {
        # pydantic refuses a str with a lone surrogate (a JSON escape like "\ud800"): it is no Unicode text
        "id": (SessionId, ...),
        "text": (
            Annotated[
                str,
                Field(
                    max_length=max_text_chars, description=TEXT.description, json_schema_extra={"pattern": NOT_BLANK}
                ),
                AfterValidator(_not_blank),
            ],
            ...,
        ),
        "grade": _number_field(GRADE),
        "telemetry": (
            Telemetry | None,
            Field(
                None,
                description="The game telemetry; leave it out for a session "
                "without a game log. A missing input is scored from what the session "
                "has.",
            ),
        ),
    }
    return create_model(
        "Session",
        __config__=ConfigDict(extra="forbid"),
        __doc__="One student session: an id, the transcribed response, the grade and telemetry.",
        **fields,
    )


def field_name(location: Iterable[str | int]) -> str:
    """A validation error's location as people write it: ``sessions[2].telemetry.retry_count``."""
    name = ""
    for part in location:
        part = printable(part) if isinstance(part, str) else part
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(record)"


def describe_value(value: Any) -> str:
    """A short, readable rendering of an offending value (long texts and numbers are cut, with their length)."""
    if isinstance(value, str) and len(value) > 60:
        return f"{printable(value[:40])!r}… ({len(value)} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100:  # over 30 digits
        digits = len(str(abs(value))) if value.bit_length() < 14_000 else None  # str() refuses > 4,300 digits
        return f"an integer of {digits} digits" if digits else "an integer of more than 4,300 digits"
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
        """The problem as one log line; a text is shown by its length only, never its words."""
        where = f"row {self.row}" + (f" (id {self.session_id!r})" if self.session_id else "")
        if self.missing:
            return f"{where}: {self.field} is missing: {self.expected}"
        if self.field in HIDDEN_FIELDS and isinstance(self.value, str):
            return f"{where}: {self.field} (of {len(self.value)} characters, not shown): {self.expected}"
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
            shown_id = None if session_id is None else printable(str(session_id))
            problems.extend(row_problems(error, row, shown_id))
    return valid, problems


def sessions_frame(sessions: list[Any]) -> pd.DataFrame:  # session_model()'s instances, a runtime type
    """Validated sessions as a table: ``id``, ``text``, ``grade`` (int64) and the telemetry columns
    (float64, NaN where a session lacks the signal)."""
    columns: dict[str, Any] = {
        "id": [session.id for session in sessions],
        "text": [session.text for session in sessions],
        "grade": np.array([session.grade for session in sessions], dtype=PANDAS_DTYPES["int"]),
    }
    for name in TELEMETRY_COLUMNS:
        values = [None if session.telemetry is None else getattr(session.telemetry, name) for session in sessions]
        columns[name] = np.array([np.nan if value is None else value for value in values], dtype="float64")
    return pd.DataFrame(columns)
