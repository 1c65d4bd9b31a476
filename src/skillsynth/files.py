"""Atomic file writing and table reading with clear errors."""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from pyarrow import csv as arrow_csv

from skillsynth.errors import SkillsynthError

TEMP_MARK = ".tmp"  # temporary files are ".<stem>.<pid>-<8 hex>.tmp<suffix>" beside their target


def _temp_pattern(target: Path) -> re.Pattern[str]:
    """Names of ``target``'s temporary files: ours (with the writer's pid) and older mkstemp ones."""
    stem, suffix = re.escape(target.stem), re.escape(target.suffix)
    return re.compile(rf"^\.{stem}\.(?:(?P<pid>\d+)-[0-9a-f]{{8}}|[a-z0-9_]{{8}}){re.escape(TEMP_MARK)}{suffix}$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_temps(target: Path | str) -> list[Path]:
    """Delete temporary files of ``target`` left by a writer that was killed (its process is gone);
    the ones removed. Runs before every atomic write, so the next run of a stage cleans up."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    pattern, removed = _temp_pattern(target), []
    for candidate in target.parent.iterdir():
        found = pattern.match(candidate.name)
        if found and not (found["pid"] and _alive(int(found["pid"]))):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def _new_temp(target: Path) -> Path:
    """Create an empty temporary file beside ``target``, with the permissions a new file gets (the
    umask's, as when DVC checks a file out), not mkstemp's 0600."""
    while True:
        temp = target.with_name(f".{target.stem}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_MARK}{target.suffix}")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp


def _cannot_write(target: Path, error: OSError) -> SkillsynthError:
    reason = error.strerror or str(error)
    culprit = error.filename
    if culprit is not None and Path(culprit) != target and TEMP_MARK not in Path(culprit).name:
        reason += f": {culprit}"
    return SkillsynthError(f"{target}: cannot write ({reason}); nothing was changed there")


def _start_write(target: Path) -> Path:
    """The folder made, stale temporary files removed, and a new temporary file beside ``target``."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file where a folder of the path should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), error.filename) from None
    remove_stale_temps(target)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    return _new_temp(target)


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only on success. An OS error
    (a folder in the way, no permission, a full disk) is one line naming ``target``; ``target`` is left
    as it was, and no temporary file stays behind (one of a killed writer goes at the next write)."""
    target = Path(target)
    temp = None
    try:
        temp = _start_write(target)
        yield temp
        os.replace(temp, target)
    except OSError as error:
        raise _cannot_write(target, error) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def check_writable(target: Path | str) -> None:
    """Stop with one line now, rather than after the work, if ``target`` cannot be written there."""
    target = Path(target)
    try:
        _start_write(target).unlink()
    except OSError as error:
        raise _cannot_write(target, error) from None


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
