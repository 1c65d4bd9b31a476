"""`skillsynth predict`: score a CSV or JSONL file of sessions with the trained models, atomically."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd

from skillsynth.config import Settings
from skillsynth.contract import TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.files import write_atomic, write_table
from skillsynth.inference.scoring import SCORE_COLUMNS, load_scoring_models, plain_scores, score_sessions
from skillsynth.inference.sessions import RowProblem, describe_value, session_model, sessions_frame, validate_rows

log = logging.getLogger(__name__)
FORMATS = (".csv", ".jsonl")
ID_COLUMNS = ("id", "sample_id")  # the first one present names a row
SHOWN_PROBLEMS = 20  # problems logged one per line; all of them go to --rejects
EXIT_INVALID_ROWS = 1


def _check_format(path: Path, role: str) -> None:
    if path.suffix not in FORMATS:
        raise SkillsynthError(f"{path}: unsupported {role} format {path.suffix!r}; expected one of {list(FORMATS)}")


def raw_session(record: dict[str, Any], id_column: str) -> dict[str, Any]:
    """A flat or nested record as the session model expects it; columns it does not know are left out."""
    nested = record.get("telemetry")
    telemetry = nested if isinstance(nested, dict) else {k: record[k] for k in TELEMETRY_COLUMNS if k in record}
    raw = {key: record[key] for key in ("text", "grade") if key in record}
    if id_column in record:
        raw["id"] = record[id_column]
    return {**raw, "telemetry": telemetry}


def _as_number(cell: str) -> int | float | str:
    """A CSV cell as the number it spells (so "3.0" is a valid count); anything else is left for
    validation to report as it was written."""
    for parse in (int, float):
        try:
            return parse(cell)
        except ValueError:
            pass
    return cell


def read_csv_sessions(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Numbered raw sessions of a CSV file and its id column; cells are read as text, so ids and texts
    stay as written, and numbers are parsed exactly."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise SkillsynthError(f"{path}: empty; expected a header row and sessions") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        reason = " ".join(str(error).split())
        raise SkillsynthError(f"{path}: unreadable as CSV: {reason}") from None
    id_column = next((name for name in ID_COLUMNS if name in frame.columns), None)
    required = ["text", "grade", *TELEMETRY_COLUMNS]
    missing = [name for name in required if name not in frame.columns] + ([] if id_column else ["id"])
    if missing:
        raise SkillsynthError(
            f"{path}: missing column(s) {missing}; expected an id (`id` or `sample_id`), {required}"
        )
    numeric = ["grade", *TELEMETRY_COLUMNS]
    frame[numeric] = frame[numeric].map(_as_number)
    records = frame.to_dict("records")
    return [(row, raw_session(record, id_column)) for row, record in enumerate(records, start=1)], id_column


def read_jsonl_sessions(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowProblem], str]:
    """Numbered raw sessions of a JSONL file (the row number is the line number), lines that are not
    JSON objects, and the id key (`id` unless no line has one)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise SkillsynthError(f"{path}: unreadable as JSONL: not UTF-8 text ({error.reason} at byte {error.start})") from None
    records, problems = [], []
    for row, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(RowProblem(row, None, "(line)", line, f"a JSON object ({error.msg})"))
            continue
        if not isinstance(record, dict):
            problems.append(RowProblem(row, None, "(line)", record, "a JSON object of one session"))
            continue
        records.append((row, record))
    id_column = next((name for name in ID_COLUMNS if any(name in record for _, record in records)), ID_COLUMNS[0])
    return [(row, raw_session(record, id_column)) for row, record in records], problems, id_column


def write_scores(scores: pd.DataFrame, path: Path) -> None:
    """Write the id column and score table as CSV or JSONL (by suffix), atomically, with the same numbers."""
    if path.suffix == ".csv":
        write_table(scores, path)
        return
    ids = scores.iloc[:, 0].tolist()
    values = plain_scores(scores.iloc[:, 1:])
    lines = [json.dumps({scores.columns[0]: i, **row}, ensure_ascii=False) for i, row in zip(ids, values, strict=True)]
    write_atomic(path, lambda temp: temp.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8"))


def write_rejects(problems: list[RowProblem], path: Path) -> None:
    """Every row problem as a CSV: row, id, field, value, expected."""
    table = pd.DataFrame(
        [(p.row, p.session_id or "", p.field, "" if p.missing else describe_value(p.value), p.expected) for p in problems],
        columns=["row", "id", "field", "value", "expected"],
    )
    write_table(table, path)


def _report(problems: list[RowProblem], source: Path) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        log.warning("predict: %s %s", source, problem)
    if len(problems) > SHOWN_PROBLEMS:
        log.warning("predict: ... and %d more problems (write them all with --rejects FILE)", len(problems) - SHOWN_PROBLEMS)


def run(
    settings: Settings, models_dir: Path, source: Path, output: Path, strict: bool = False,
    rejects: Path | None = None,
) -> int:
    """Score every valid session of ``source`` into ``output``; the exit code of `skillsynth predict`."""
    started = time.perf_counter()
    _check_format(source, "input")
    _check_format(output, "output")
    if output.resolve() == source.resolve():
        raise SkillsynthError(f"{output}: is also the input; choose another output file")
    if not source.is_file():
        raise SkillsynthError(f"{source}: not found")
    if source.suffix == ".csv":
        rows, id_column = read_csv_sessions(source)
        problems: list[RowProblem] = []
    else:
        rows, problems, id_column = read_jsonl_sessions(source)
    valid, invalid = validate_rows(rows, session_model(settings.serve.max_text_chars))
    problems = sorted(problems + invalid, key=lambda problem: problem.row)
    total = len(rows) + len({problem.row for problem in problems if problem.field == "(line)"})
    _report(problems, source)
    if rejects is not None:
        write_rejects(problems, rejects)
    if problems and (strict or not valid):
        reason = "--strict" if strict else "no row is valid"
        log.error(
            "predict: %d of %d rows of %s failed validation (%s); nothing scored, %s not written",
            len({problem.row for problem in problems}), total, source, reason, output,
        )
        return EXIT_INVALID_ROWS
    models = load_scoring_models(models_dir, Path(settings.paths.registry).name, settings.nlp)
    sessions = sessions_frame([session for _, session in valid])
    duplicated = sessions["id"][sessions["id"].duplicated()].unique()
    if len(duplicated):
        log.warning("predict: %d ids appear more than once, e.g. %s", len(duplicated), list(duplicated[:3]))
    scores = score_sessions(sessions, models, progress=True)
    scores.insert(0, id_column, sessions["id"].to_numpy())
    write_scores(scores.loc[:, [id_column, *SCORE_COLUMNS]], output)
    elapsed = time.perf_counter() - started
    log.info(
        "predict: scored %d of %d rows (%d skipped) with %d models (%s) in %.1f s (%.0f rows/s) -> %s",
        len(scores), total, total - len(scores), len(models.boosters), models.nlp_model,
        elapsed, len(scores) / elapsed, output,
    )
    return 0
