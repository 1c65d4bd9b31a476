"""`skillsynth predict`: score a CSV or JSONL file of sessions with the trained models, atomically."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from skillsynth.contract import TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.files import check_writable, write_atomic, write_table
from skillsynth.inference.scoring import SCORE_COLUMNS, load_scoring_models, plain_scores, score_sessions
from skillsynth.inference.sessions import RowProblem, describe_value, session_model, sessions_frame, validate_rows
from skillsynth.model.distribution import FLAG_COLUMNS, IN_DISTRIBUTION, OUTSIDE

log = logging.getLogger(__name__)
FORMATS = (".csv", ".jsonl")
ID_COLUMNS = ("id", "sample_id")  # the first one present names a row
SHOWN_PROBLEMS = 20  # problems logged one per line; all of them go to --rejects
EXIT_NOTHING_SCORED = 1  # no row, no valid row, or an invalid row under --strict
OUTSIDE_SEPARATOR = ";"  # between the names of what fell outside, in a CSV cell


def _check_format(path: Path, role: str, formats: tuple[str, ...] = FORMATS) -> None:
    if path.suffix not in formats:
        raise SkillsynthError(f"{path}: unsupported {role} format {path.suffix!r}; expected one of {list(formats)}")


def _same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file (also through a link, or when one does not exist yet)."""
    if first.resolve() == second.resolve():
        return True
    return first.exists() and second.exists() and os.path.samefile(first, second)


def check_paths(source: Path, output: Path, rejects: Path | None) -> None:
    """Stop with one line before any work if a path is of the wrong kind, or if a file written would
    be the input or the other written file (predict never writes over what it reads)."""
    _check_format(source, "input")
    _check_format(output, "output")
    if rejects is not None:
        _check_format(rejects, "--rejects", (".csv",))
    if not source.is_file():
        what = "a folder" if source.is_dir() else "not found"
        raise SkillsynthError(f"{source}: {what}; expected a .csv or .jsonl file")
    written = {"--output": output, **({"--rejects": rejects} if rejects is not None else {})}
    for role, path in written.items():
        if _same_file(path, source):
            raise SkillsynthError(
                f"{path}: {role} is the input file; choose another file, the input is never overwritten"
            )
    if rejects is not None and _same_file(rejects, output):
        raise SkillsynthError(f"{rejects}: --rejects is also --output; choose two different files")
    for path in written.values():
        check_writable(path)


def raw_session(record: dict[str, Any], id_column: str) -> dict[str, Any]:
    """A flat or nested record as the session model expects it; columns it does not know are left out."""
    if "telemetry" in record:
        telemetry = record["telemetry"]  # nested, as the API has it; validation says if it is no object
    else:
        telemetry = {k: record[k] for k in TELEMETRY_COLUMNS if k in record}
    raw: dict[str, Any] = {key: record[key] for key in ("text", "grade") if key in record}
    if id_column in record:
        raw["id"] = record[id_column]
    return {**raw, "telemetry": telemetry}


def _as_number(cell: str) -> int | float | str:
    """A CSV cell as the number it spells ("3" is 3, "3.0" is 3.0, an integer of any size exactly);
    anything else is left as written, for validation to report."""
    for parse in (int, float):
        try:
            return parse(cell)
        except ValueError:  # also an integer of more than 4,300 digits
            pass
    return cell


def read_csv_sessions(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Numbered raw sessions of a CSV file and its id column; cells are read as text, so ids and texts
    stay as written, and the numeric columns are parsed exactly."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise SkillsynthError(f"{path}: empty, without even a header row; expected a header row and sessions") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        reason = " ".join(str(error).split())
        raise SkillsynthError(f"{path}: unreadable as CSV: {reason}") from None
    id_column = next((name for name in ID_COLUMNS if name in frame.columns), None)
    required = ["text", "grade"]
    missing = [name for name in required if name not in frame.columns] + ([] if id_column else ["id"])
    if missing:
        raise SkillsynthError(
            f"{path}: missing column(s) {missing}; expected an id (`id` or `sample_id`), {required}, and any "
            f"of the telemetry columns {list(TELEMETRY_COLUMNS)}"
        )
    assert id_column is not None  # else `missing` named it above
    telemetry = [name for name in TELEMETRY_COLUMNS if name in frame.columns]
    numeric = ["grade", *telemetry]
    frame[numeric] = frame[numeric].map(_as_number)
    # An empty telemetry cell is a signal the session lacks; an empty grade, text or id stays, to be refused.
    records = [
        {key: value for key, value in record.items() if not (key in telemetry and value == "")}
        for record in frame.to_dict("records")
    ]
    return [(row, raw_session(record, id_column)) for row, record in enumerate(records, start=1)], id_column


def _parse_line(line: str) -> Any:
    """One JSONL line as a value; ValueError, with a reason, if it is not JSON the parser can hold."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"a JSON object ({error.msg} at character {error.pos})") from None
    except RecursionError:
        raise ValueError("a JSON object nested less deeply (too deep to parse)") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"a JSON object ({' '.join(str(error).split())})") from None


def read_jsonl_sessions(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowProblem], str]:
    """Numbered raw sessions of a JSONL file (the row number is the line number), lines that are not
    JSON objects, and the id key (`id` unless no line has one). Lines end at "\n" only: a JSON
    string may hold U+2028 and other characters that str.splitlines() would break at, and a stray
    "\r" inside a line (which text mode would turn into a line end) belongs to that line."""
    try:
        lines = path.read_bytes().decode("utf-8").split("\n")
    except UnicodeDecodeError as error:
        raise SkillsynthError(
            f"{path}: unreadable as JSONL: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    records, problems = [], []
    for row, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = _parse_line(line)
        except ValueError as error:
            problems.append(RowProblem(row, None, "(line)", line, str(error)))
            continue
        if not isinstance(record, dict):
            problems.append(RowProblem(row, None, "(line)", line, "a JSON object of one session"))
            continue
        records.append((row, record))
    id_column = next((name for name in ID_COLUMNS if any(name in record for _, record in records)), ID_COLUMNS[0])
    return [(row, raw_session(record, id_column)) for row, record in records], problems, id_column


def write_scores(scores: pd.DataFrame, path: Path) -> None:
    """Write the id column, the scores and the out-of-distribution flags as CSV or JSONL (by suffix),
    atomically, with the same numbers. In a CSV the names of what fell outside share one cell, joined by ";"."""
    ids = scores.iloc[:, 0].tolist()
    outside = scores[OUTSIDE].tolist()
    if path.suffix == ".csv":
        write_table(scores.assign(**{OUTSIDE: [OUTSIDE_SEPARATOR.join(names) for names in outside]}), path)
        return
    values = plain_scores(scores.loc[:, list(SCORE_COLUMNS)])
    lines = [
        json.dumps({scores.columns[0]: i, **row, IN_DISTRIBUTION: bool(fits), OUTSIDE: names}, ensure_ascii=False)
        for i, row, fits, names in zip(ids, values, scores[IN_DISTRIBUTION], outside, strict=True)
    ]
    write_atomic(path, lambda temp: temp.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8"))


def write_rejects(problems: list[RowProblem], path: Path) -> None:
    """Every row problem as a CSV: row, id, field, value, expected."""
    table = pd.DataFrame(
        [
            (p.row, p.session_id or "", p.field, "" if p.missing else describe_value(p.value), p.expected)
            for p in problems
        ],
        columns=["row", "id", "field", "value", "expected"],
    )
    write_table(table, path)


def _report(problems: list[RowProblem], source: Path) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        log.warning("predict: %s %s", source, problem)
    if len(problems) > SHOWN_PROBLEMS:
        log.warning(
            "predict: ... and %d more problems (write them all with --rejects FILE)", len(problems) - SHOWN_PROBLEMS
        )


def read_sessions(
    source: Path, model: type[BaseModel]
) -> tuple[list[tuple[int, BaseModel]], list[RowProblem], int, str]:
    """The valid sessions of ``source`` (numbered), every row problem, the number of rows and the id column."""
    if source.suffix == ".csv":
        rows, id_column = read_csv_sessions(source)
        valid, problems = validate_rows(rows, model)
        return valid, problems, len(rows), id_column
    rows, line_problems, id_column = read_jsonl_sessions(source)
    valid, problems = validate_rows(rows, model)
    all_problems = sorted(line_problems + problems, key=lambda problem: problem.row)
    return valid, all_problems, len(rows) + len(line_problems), id_column


def run(
    models_dir: Path,
    source: Path,
    output: Path,
    strict: bool = False,
    rejects: Path | None = None,
    max_text_chars: int | None = None,
) -> int:
    """Score every valid session of ``source`` into ``output``; the exit code of `skillsynth predict`:
    0 when rows were scored, 1 when none was (no row, no valid row, or an invalid one under ``strict``)."""
    started = time.perf_counter()
    check_paths(source, output, rejects)
    models = load_scoring_models(models_dir, {"max_text_chars": max_text_chars}, needed_limits=("max_text_chars",))
    valid, problems, total, id_column = read_sessions(source, session_model(models.limits["max_text_chars"]))
    _report(problems, source)
    if rejects is not None:
        write_rejects(problems, rejects)
    if not total:
        log.error("predict: %s holds no sessions; nothing scored, %s not written", source, output)
        return EXIT_NOTHING_SCORED
    if not valid or (problems and strict):
        log.error(
            "predict: %d of %d rows of %s failed validation (%s); nothing scored, %s not written",
            len({problem.row for problem in problems}),
            total,
            source,
            "--strict" if valid else "no row is valid",
            output,
        )
        return EXIT_NOTHING_SCORED
    sessions = sessions_frame([session for _, session in valid])
    duplicated = sessions["id"][sessions["id"].duplicated()].unique()
    if len(duplicated):
        log.warning("predict: %d ids appear more than once, e.g. %s", len(duplicated), list(duplicated[:3]))
    scores = score_sessions(sessions, models, progress=True)
    scores.insert(0, id_column, sessions["id"].to_numpy())
    write_scores(scores.loc[:, [id_column, *SCORE_COLUMNS, *FLAG_COLUMNS]], output)
    elapsed = time.perf_counter() - started
    log.info(
        "predict: scored %d of %d rows (%d skipped; %d out of distribution) with %d models (%s) in %.1f s "
        "(%.0f rows/s) -> %s",
        len(scores),
        total,
        total - len(scores),
        int((~scores[IN_DISTRIBUTION]).sum()),
        len(models.boosters),
        models.nlp_model,
        elapsed,
        len(scores) / elapsed,
        output,
    )
    return 0
