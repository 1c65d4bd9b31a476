"""Real labelled sessions: a team's file read, held to the real-file rules, and one row per session made of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from skillsynth.contract import COLUMNS, GROUP, LABEL_COLUMNS, PANDAS_DTYPES, REAL_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.real.rules import (
    ID_COLUMNS_TEXT,
    INTEGER_KIND,
    LABEL_COLUMNS_TEXT,
    NUMERIC_COLUMNS,
    TEXT_KIND,
    ColumnRule,
    RealFileRules,
)


@dataclass(frozen=True)
class RatedSessions:
    """A checked file as the pipeline uses it."""

    # one row per rated session: sample_id, group_id, grade, text, telemetry, mean scores in [0, 1]
    sessions: pd.DataFrame
    ratings: pd.DataFrame  # one row per file row: sample_id, rater_id (or None), scores in [0, 1] (NaN = not rated)
    unrated: int  # sessions dropped because no rater scored any skill


def _real_dtype(name: str) -> str:
    """Text columns stay text and grade whole; features and scores are floats, NaN where missing."""
    dtype = COLUMNS[name].dtype
    return PANDAS_DTYPES[dtype] if dtype == "str" or name == "grade" else "float64"


def empty_real_table() -> pd.DataFrame:
    """The real-data table with no rows: what training sees when ``data.real_path`` is empty."""
    return pd.DataFrame({name: pd.Series(dtype=_real_dtype(name)) for name in REAL_COLUMNS})


def real_file(real_path: str, real_dir: str) -> Path:
    """``real_path`` as a path, after checking it lies inside ``real_dir``, where DVC sees it change."""
    path = Path(real_path)
    if not path.resolve().is_relative_to(Path(real_dir).resolve()):
        raise SkillsynthError(
            f"data.real_path = {real_path!r}: expected a file inside {real_dir}/ (paths.real_dir), "
            "where DVC tracks it; copy it there and `dvc add` it"
        )
    return path


def read_real_file(path: Path | str) -> pd.DataFrame:
    """A real file (CSV or Parquet) as the gate and the stage both check it.

    Every cell is read as written: an empty or blank cell is missing (NaN), never "NA" or "None"
    texts; ids stay text. A numeric column whose every value parses becomes numbers; one that
    does not stays text, so the rules can name the value that is not a number.
    """
    path = Path(path)
    if not path.is_file():
        raise SkillsynthError(f"{path}: not found")
    try:
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        elif path.suffix == ".parquet":
            frame = pd.read_parquet(path)
        else:
            raise SkillsynthError(f"{path}: unsupported format {path.suffix!r}; expected .csv or .parquet")
    except SkillsynthError:
        raise
    except pd.errors.EmptyDataError:
        raise SkillsynthError(f"{path}: empty; expected a header row and labelled sessions") from None
    except Exception as error:  # pandas/pyarrow raise many types for a corrupt file
        raise SkillsynthError(f"{path}: unreadable as {path.suffix[1:]}: {' '.join(str(error).split())}") from None
    return pd.DataFrame({name: _read_column(frame[name], name in NUMERIC_COLUMNS) for name in frame.columns})


def _read_column(values: pd.Series, numeric: bool) -> pd.Series:
    blank = values.isna() | values.astype(str).str.strip().eq("")
    if numeric:
        numbers = pd.to_numeric(values.where(~blank), errors="coerce")
        if not (numbers.isna() & ~blank).any():
            return numbers.astype("float64")
    return values.where(~blank).map(lambda value: value if pd.isna(value) else str(value)).astype(object)


def check_real_file(frame: pd.DataFrame, rules: RealFileRules, source: str) -> None:
    """Stop with one line at the first rule ``frame`` breaks (the `real` gate checks the same rules)."""
    if rules.id_column is None:
        raise SkillsynthError(f"{source}: no id column; expected {ID_COLUMNS_TEXT} naming each session")
    if rules.missing:
        raise SkillsynthError(
            f"{source}: missing column(s) {list(rules.missing)}; a real file needs an id ({ID_COLUMNS_TEXT}), "
            "`text` and `grade`, then any telemetry and score columns"
        )
    if not rules.score_columns:
        raise SkillsynthError(f"{source}: no score column; expected at least one of {LABEL_COLUMNS_TEXT}")
    if frame.empty:
        raise SkillsynthError(f"{source}: has a header but no rows; expected labelled sessions")
    for rule in rules.columns:
        _check_column(frame[rule.name], rule, source)
    key = list(rules.key)
    repeated = frame.duplicated(subset=key, keep=False)
    shown = " and ".join(f"`{name}`" for name in key)
    _reject(source, rules.key[-1], repeated, frame[rules.key[-1]], f"each {shown} once")
    sessions = frame.groupby(rules.id_column, sort=False)
    for name in rules.per_session:
        varies = sessions[name].transform(lambda values: values.nunique(dropna=False) > 1).astype(bool)
        if varies.any():
            session = frame[rules.id_column][varies].iloc[0]
            rows = np.flatnonzero((frame[rules.id_column] == session).to_numpy())
            shown = ", ".join("empty" if pd.isna(v) else repr(v) for v in frame[name].iloc[rows])
            like_it = int(varies.groupby(frame[rules.id_column]).any().sum())
            raise SkillsynthError(
                f"{source}: column {name!r} differs between the rows of session {session!r} (data rows "
                f"{', '.join(str(row + 1) for row in rows)}: {shown}; {like_it} session(s) like it); "
                "expected one value per session, whatever its rater"
            )


def _check_column(values: pd.Series, rule: ColumnRule, source: str) -> None:
    """One column against its rule: empty cells, text, numbers, range and allowed values."""
    name, present = rule.name, values.notna()
    if not rule.nullable:
        _reject(source, name, ~present, values, "a value in every row")
    if rule.kind == TEXT_KIND:
        return
    numbers = pd.to_numeric(values, errors="coerce")
    _reject(source, name, present & ~np.isfinite(numbers.fillna(np.inf)), values, "a finite number")
    if rule.kind == INTEGER_KIND:
        _reject(source, name, present & (numbers != np.round(numbers)), values, "a whole number")
    if rule.minimum is not None:
        _reject(source, name, numbers < rule.minimum, values, rule.range_text)
    if rule.maximum is not None:
        _reject(source, name, numbers > rule.maximum, values, rule.range_text)
    if rule.allowed is not None:
        _reject(source, name, present & ~numbers.isin(rule.allowed), values, f"one of {list(rule.allowed)}")


def _reject(source: str, name: str, bad: pd.Series, values: pd.Series, expected: str) -> None:
    """Stop with one line naming the column, how many rows broke it, the first one and its value."""
    rows = np.flatnonzero(bad.to_numpy(dtype=bool))
    if len(rows):
        first = values.iloc[rows[0]]
        shown = "empty" if pd.isna(first) else repr(first.item() if hasattr(first, "item") else first)
        raise SkillsynthError(
            f"{source}: column {name!r} = {shown} in data row {rows[0] + 1} "
            f"({len(rows)} row(s) like it); expected {expected}"
        )


def rated_sessions(frame: pd.DataFrame, rules: RealFileRules, score_scale: tuple[float, float]) -> RatedSessions:
    """One row per session of a checked file: its raters' mean score per skill, mapped from
    ``score_scale`` onto [0, 1] (a skill no rater scored stays empty); sessions nobody rated are left out."""
    low, high = score_scale
    scores = pd.DataFrame(
        {
            name: (frame[name].astype("float64") - low) / (high - low) if name in frame else np.nan
            for name in LABEL_COLUMNS
        },
        index=frame.index,
    )
    ids = frame[rules.id_column].astype(str)
    raters = frame[rules.rater_column].astype(str) if rules.rater_column else pd.Series(None, index=frame.index)
    ratings = pd.concat([pd.DataFrame({"sample_id": ids, "rater_id": raters}), scores], axis=1)
    means = scores.groupby(ids.to_numpy(), sort=False).mean()  # sessions in order of first appearance
    first = frame.loc[~ids.duplicated()]  # the rules made a session's rows agree on all but the scores
    groups = first[rules.group_column] if rules.group_column else ids.loc[first.index]
    sessions = pd.DataFrame(
        {
            "sample_id": means.index.to_numpy(),
            GROUP.name: groups.astype(str).to_numpy(),
            "grade": first["grade"].astype("int64").to_numpy(),
            "text": first["text"].astype(str).to_numpy(),
            **{name: first[name].astype("float64").to_numpy() for name in rules.telemetry_columns},
            **{name: means[name].to_numpy() for name in LABEL_COLUMNS},
        }
    )
    rated = sessions[list(LABEL_COLUMNS)].notna().any(axis=1)
    unrated = int((~rated).sum())
    return RatedSessions(sessions.loc[rated].reset_index(drop=True), ratings.reset_index(drop=True), unrated)


def real_table(sessions: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
    """The `real` stage's table: the sessions' ids, group, grade and text, their features and scores."""
    raw = sessions.drop(columns=[name for name in features.columns if name in sessions])  # telemetry: in features
    table = pd.concat([raw.reset_index(drop=True), features.reset_index(drop=True)], axis=1)
    return table.loc[:, list(REAL_COLUMNS)].astype({name: _real_dtype(name) for name in REAL_COLUMNS})
