"""Atomic file writing and table reading with clear errors."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa
from pyarrow import csv as arrow_csv

from skillsynth.errors import SkillsynthError


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_atomic(target: Path | str, writer: Callable[[Path], Any]) -> Path:
    """Call ``writer(temp_path)`` and move the result onto ``target``."""
    with atomic_path(target) as temp:
        writer(temp)
    return Path(target)


def write_table(frame: pd.DataFrame, target: Path | str) -> Path:
    """Write ``frame`` as CSV or Parquet (by suffix), atomically and deterministically."""
    target = Path(target)
    if target.suffix == ".parquet":
        return write_atomic(target, lambda p: frame.to_parquet(p, index=False, compression="zstd"))
    if target.suffix == ".csv":
        return write_atomic(target, lambda p: _write_csv(frame, p))
    raise SkillsynthError(f"{target}: unsupported table format {target.suffix!r}; expected .csv or .parquet")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV through Arrow's writer, about 10x faster than pandas' on wide float tables: a header row,
    strings (and column names) in double quotes, floats in shortest round-trip form, "\\n" line ends,
    an empty field for a missing value."""
    arrow_csv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), path)


def write_json(payload: Any, target: Path | str) -> Path:
    """Write ``payload`` as indented, key-sorted JSON, atomically."""
    text = json.dumps(payload, indent=2, sort_keys=True) + "\n"
    return write_atomic(target, lambda p: p.write_text(text))


def read_table(source: Path | str, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a CSV or Parquet table, stopping with one line if it is missing, unreadable or short of columns."""
    source = Path(source)
    if not source.is_file():
        raise SkillsynthError(f"{source}: not found")
    try:
        if source.suffix == ".parquet":
            frame = pd.read_parquet(source)
        elif source.suffix == ".csv":
            frame = pd.read_csv(source, keep_default_na=True)
        else:
            raise SkillsynthError(f"{source}: unsupported format {source.suffix!r}; expected .csv or .parquet")
    except SkillsynthError:
        raise
    except Exception as error:  # pandas/pyarrow raise many types for a corrupt file
        raise SkillsynthError(f"{source}: unreadable as {source.suffix[1:]}: {error}") from None
    missing = [name for name in required if name not in frame.columns]
    if missing:
        raise SkillsynthError(f"{source}: missing column(s) {missing}; expected all of {list(required)}")
    return frame
