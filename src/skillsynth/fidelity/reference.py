"""The reference corpus: real, unlabelled responses (text and grade, telemetry optional) to compare with."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from skillsynth.contract import ALLOWED_GRADES, TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError

REFERENCE_COLUMNS: tuple[str, ...] = ("text", "grade")  # required; telemetry columns are optional


def reference_file(reference_path: str, reference_dir: str) -> Path:
    """``reference_path`` as a path, after checking it lies inside ``reference_dir``, where DVC sees it change."""
    path = Path(reference_path)
    if not path.resolve().is_relative_to(Path(reference_dir).resolve()):
        raise SkillsynthError(
            f"data.reference_path = {reference_path!r}: expected a file inside {reference_dir}/ "
            "(paths.reference_dir), where DVC tracks it; copy it there and `dvc add` it"
        )
    if not path.is_file():
        raise SkillsynthError(
            f"data.reference_path = {reference_path!r}: no such file; queued and --temp experiments see only "
            "files git or DVC tracks (`dvc add` it)"
        )
    return path


def _shown(value: object) -> str:
    """A cell as a person would write it (numpy scalars as plain numbers)."""
    return repr(value.item() if hasattr(value, "item") else value)


def conform_reference(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """``text``, ``grade`` and the telemetry columns present, checked; one clear line on the first problem."""
    missing = [name for name in REFERENCE_COLUMNS if name not in frame.columns]
    if missing:
        raise SkillsynthError(f"{source}: missing column(s) {missing}; a reference corpus needs text and grade")
    if frame.empty:
        raise SkillsynthError(f"{source}: has a header but no rows; expected real responses")
    text = frame["text"]
    blank = text.isna() | ~text.map(lambda value: isinstance(value, str) and bool(value.strip()))
    if blank.any():
        row = int(blank.to_numpy().nonzero()[0][0])
        raise SkillsynthError(
            f"{source}: column text, row {row + 2}: {_shown(text.iloc[row])}; expected a non-empty transcript"
        )
    grade = pd.to_numeric(frame["grade"], errors="coerce")
    bad = grade.isna() | (grade % 1 != 0) | ~grade.isin(ALLOWED_GRADES)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise SkillsynthError(
            f"{source}: column grade, row {row + 2}: {_shown(frame['grade'].iloc[row])}; expected a whole grade in "
            f"{min(ALLOWED_GRADES)}..{max(ALLOWED_GRADES)}"
        )
    telemetry = [name for name in TELEMETRY_COLUMNS if name in frame.columns]
    table = pd.DataFrame({"text": text.astype(str), "grade": grade.astype("int64")})
    for name in telemetry:
        table[name] = pd.to_numeric(frame[name], errors="coerce")
    return table.reset_index(drop=True)
