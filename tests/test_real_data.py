"""Real labelled samples: held to the contract, with one clear line for each kind of bad file."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from support import settings_in

from skillsynth.contract import COLUMNS, FEATURE_COLUMNS, LEVELS, REAL_COLUMNS, SKILLS, TRUE_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.real_data import conform_real_table, empty_real_table, real_file
from skillsynth.stages import real


def real_like(rows: int = 24, seed: int = 0) -> pd.DataFrame:
    """A valid real file's table: every contract column inside its range, as a CSV reader gives it."""
    rng = np.random.default_rng(seed)
    table = {
        "sample_id": [f"pilot-{i:03d}" for i in range(rows)],
        "skill": [SKILLS[i % len(SKILLS)] for i in range(rows)],
        "level": [LEVELS[i % len(LEVELS)] for i in range(rows)],
        "grade": [2 + i % 7 for i in range(rows)],
        "template_id": [f"class-{i // 4}" for i in range(rows)],
        "source": "real:pilot-school",
    }
    for name in REAL_COLUMNS:
        column = COLUMNS[name]
        if name in table:
            continue
        low = column.minimum if column.minimum is not None else 0.0
        high = column.maximum if column.maximum is not None else low + 20.0
        values = rng.uniform(low, high, rows)
        table[name] = np.floor(values).astype(int) if column.dtype == "int" else values
    return pd.DataFrame(table)


def test_valid_file_keeps_contract_columns_in_order() -> None:
    raw = real_like().assign(text="I helped my friend.", notes="pilot", **{c: 0.5 for c in TRUE_COLUMNS})
    table = conform_real_table(raw.iloc[:, ::-1], "pilot.csv")
    assert list(table.columns) == list(REAL_COLUMNS)
    assert table["grade"].dtype == "int64" and table[FEATURE_COLUMNS[0]].dtype == "int64"
    assert len(table) == len(raw)


def test_empty_table_has_the_real_columns() -> None:
    assert list(empty_real_table().columns) == list(REAL_COLUMNS) and empty_real_table().empty


def _first_rows(column: str, *first: object) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A corruption: the first rows of ``column`` replaced by ``first``."""
    return lambda table: table.assign(**{column: [*first, *table[column].iloc[len(first):]]})


@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        (lambda t: t.drop(columns=["empathy_score", "grade"]), "missing column(s) ['grade', 'empathy_score']"),
        (_first_rows("empathy_score", 1.7), "column 'empathy_score' = 1.7 in data row 1 (1 row(s) like it)"),
        (_first_rows("word_count", "12", "12", "lots"), "column 'word_count' = 'lots' in data row 3"),
        (_first_rows("vader_compound", np.nan, np.nan), "column 'vader_compound' = empty in data row 1 (2 row(s)"),
        (_first_rows("level", "excellent"), "expected one of ['high', 'medium', 'developing']"),
        (_first_rows("grade", 7.5), "column 'grade' = 7.5 in data row 1 (1 row(s) like it); expected a whole number"),
        (_first_rows("grade", 13), "column 'grade' = 13"),
        (lambda t: t.assign(sample_id="same"), "'same' in data row 1 (24 row(s) like it); expected each value once"),
        (_first_rows("template_id", "  "), "expected a non-empty value"),
        (_first_rows("retry_count", -1), "expected a number >= 0"),
        (lambda t: t.iloc[:0], "has a header but no rows"),
    ],
)
def test_bad_file_stops_with_one_line(corrupt, expected: str) -> None:
    with pytest.raises(SkillsynthError) as caught:
        conform_real_table(corrupt(real_like()), "data/real/pilot.csv")
    message = str(caught.value)
    assert message.startswith("data/real/pilot.csv: ") and "\n" not in message
    assert expected in message


def test_real_path_must_be_inside_the_tracked_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert real_file("data/real/pilot.csv", "data/real").name == "pilot.csv"
    outside = r"data.real_path = '/elsewhere/pilot.csv': expected a file inside data/real/"
    with pytest.raises(SkillsynthError, match=outside):
        real_file("/elsewhere/pilot.csv", "data/real")
    with pytest.raises(SkillsynthError, match="expected a file inside"):
        real_file("data/real/../pilot.csv", "data/real")



def test_real_stage_writes_no_rows_without_a_file_and_stops_on_a_missing_one(tmp_path) -> None:
    real.run(settings_in(tmp_path))
    assert pd.read_parquet(tmp_path / "data/interim/real.parquet").empty
    missing = settings_in(tmp_path, f"data.real_path={tmp_path}/data/real/gone.csv")
    with pytest.raises(SkillsynthError, match=r"data.real_path = '.+/data/real/gone.csv': no such file; .*dvc add"):
        real.run(missing)
    (tmp_path / "data/real").mkdir()
    real_like().to_csv(tmp_path / "data/real/pilot.csv", index=False)
    real.run(settings_in(tmp_path, f"data.real_path={tmp_path}/data/real/pilot.csv"))
    assert len(pd.read_parquet(tmp_path / "data/interim/real.parquet")) == len(real_like())
