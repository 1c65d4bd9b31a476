"""Real labelled samples: a user's file held to the data contract before it is mixed into training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from skillsynth.contract import COLUMNS, REAL_COLUMNS, Column
from skillsynth.dataset import PANDAS_DTYPES
from skillsynth.errors import SkillsynthError


def empty_real_table() -> pd.DataFrame:
    """The real-data table with no rows: what training sees when ``data.real_path`` is empty."""
    return pd.DataFrame({name: pd.Series(dtype=PANDAS_DTYPES[COLUMNS[name].dtype]) for name in REAL_COLUMNS})


def real_file(real_path: str, real_dir: str) -> Path:
    """``real_path`` as a path, after checking it lies inside ``real_dir``, where DVC sees it change."""
    path = Path(real_path)
    if not path.resolve().is_relative_to(Path(real_dir).resolve()):
        raise SkillsynthError(
            f"data.real_path = {real_path!r}: expected a file inside {real_dir}/ (paths.real_dir), "
            "where DVC tracks it; copy it there and `dvc add` it"
        )
    return path


def conform_real_table(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """The contract's real columns, in contract order and dtypes; stops with one line on the first problem.

    Extra columns (``text``, notes, ``true_*``) are dropped: real data has no latent truth, and the
    models never read text directly.
    """
    missing = [name for name in REAL_COLUMNS if name not in frame.columns]
    if missing:
        raise SkillsynthError(
            f"{source}: missing column(s) {missing}; a real file needs all {len(REAL_COLUMNS)} metadata, "
            "feature and label columns of the data contract (REAL_COLUMNS in skillsynth/contract.py)"
        )
    if frame.empty:
        raise SkillsynthError(f"{source}: has a header but no rows; expected labelled samples")
    table = pd.DataFrame({name: _conform_column(frame[name], COLUMNS[name], source) for name in REAL_COLUMNS})
    _reject(source, "sample_id", table["sample_id"].duplicated(keep=False), table["sample_id"], "each value once")
    return table.reset_index(drop=True)


def _conform_column(values: pd.Series, column: Column, source: str) -> pd.Series:
    """One column coerced to its contract dtype, with range and allowed-set checks."""
    _reject(source, column.name, values.isna(), values, "a value in every row")
    if column.dtype == "str":
        text = values.astype(str)
        _reject(source, column.name, text.str.strip() == "", values, "a non-empty value")
        if column.allowed is not None:
            _reject(source, column.name, ~text.isin(column.allowed), values, f"one of {list(column.allowed)}")
        return text.astype(object)
    numbers = pd.to_numeric(values, errors="coerce")
    _reject(source, column.name, numbers.isna() | ~np.isfinite(numbers), values, "a finite number")
    if column.dtype == "int":
        _reject(source, column.name, numbers != np.round(numbers), values, "a whole number")
    if column.minimum is not None:
        _reject(source, column.name, numbers < column.minimum, values, _range_text(column))
    if column.maximum is not None:
        _reject(source, column.name, numbers > column.maximum, values, _range_text(column))
    if column.allowed is not None:
        _reject(source, column.name, ~numbers.isin(column.allowed), values, f"one of {list(column.allowed)}")
    return numbers.astype(PANDAS_DTYPES[column.dtype])


def _range_text(column: Column) -> str:
    if column.maximum is None:
        return f"a number >= {column.minimum:g}"
    return f"a number in [{column.minimum:g}, {column.maximum:g}]"


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
