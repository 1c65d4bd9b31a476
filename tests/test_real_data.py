"""Real labelled sessions as teams have them: read, held to the rules with one line per problem, one row per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skillsynth.contract import LABEL_COLUMNS, REAL_COLUMNS, TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.real.rules import real_file_rules
from skillsynth.real.sessions import check_real_file, empty_real_table, rated_sessions, read_real_file, real_file

SCALE = (1.0, 4.0)


def team_file(rows: int = 12) -> pd.DataFrame:
    """A small valid file: id, text, grade, two telemetry signals (with a gap), two of the four scores."""
    return pd.DataFrame(
        {
            "id": [f"s-{i:02d}" for i in range(rows)],
            "text": [f"I helped my friend {i} times and then I tried again." for i in range(rows)],
            "grade": [3 + i % 4 for i in range(rows)],
            "retry_count": [float(i % 3) if i != 4 else np.nan for i in range(rows)],
            "task_completion_rate": [0.5] * rows,
            "empathy_score": [1 + i % 4 for i in range(rows)],
            "resilience_score": [2.5 if i % 2 else np.nan for i in range(rows)],
        }
    )


def _cell(column: str, value: object, row: int = 0) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.astype({column: object})
        frame.loc[row, column] = value
        return frame

    return change


def _write(frame: pd.DataFrame, tmp_path: Path, name: str = "pilot.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def _checked(frame: pd.DataFrame, tmp_path: Path) -> pd.DataFrame:
    """``frame`` written as CSV, read back as the gate and the stage read it, and checked."""
    table = read_real_file(_write(frame, tmp_path))
    check_real_file(table, real_file_rules(table.columns, SCALE), "data/real/pilot.csv")
    return table


def test_cells_are_read_as_written(tmp_path: Path) -> None:
    frame = team_file().assign(text=["NA", "None", *team_file()["text"][2:]], id=[f"{i:03d}" for i in range(12)])
    frame = _cell("empathy_score", "  ", 3)(frame)
    table = read_real_file(_write(frame, tmp_path))
    assert table["text"].tolist()[:2] == ["NA", "None"] and table["id"].iloc[0] == "000"
    assert np.isnan(table.loc[3, "empathy_score"]) and np.isnan(table.loc[4, "retry_count"])
    assert table["grade"].dtype == "float64"
    assert table.assign(grade=["x", *table["grade"][1:]])["grade"].dtype == object  # left for the rules to name


def test_rules_follow_the_columns_a_file_has() -> None:
    rules = real_file_rules([*team_file().columns, "rater_id", "student_id", "notes", "word_count"], SCALE)
    assert (rules.id_column, rules.group_column, rules.rater_column) == ("id", "student_id", "rater_id")
    assert rules.score_columns == ("empathy_score", "resilience_score")
    assert rules.telemetry_columns == ("task_completion_rate", "retry_count")
    assert rules.key == ("id", "rater_id") and rules.ignored == ("notes", "word_count")
    assert set(rules.per_session) == {"student_id", "text", "grade", "retry_count", "task_completion_rate"}
    by_name = {rule.name: rule for rule in rules.columns}
    assert (by_name["empathy_score"].minimum, by_name["empathy_score"].maximum) == SCALE
    assert by_name["retry_count"].nullable and not by_name["grade"].nullable
    assert real_file_rules(["sample_id", "id", "text"], SCALE).id_column == "sample_id"
    assert not real_file_rules(["text", "grade", "empathy_score"], SCALE).has_shape


BAD_FILES = [
    (lambda f: f.drop(columns=["id"]), "no id column; expected `sample_id` or `id`"),
    (lambda f: f.drop(columns=["grade"]), "missing column(s) ['grade']"),
    (lambda f: f.drop(columns=["empathy_score", "resilience_score"]), "no score column; expected at least one of"),
    (lambda f: f.iloc[:0], "has a header but no rows"),
    (
        _cell("empathy_score", 5),
        "column 'empathy_score' = 5.0 in data row 1 (1 row(s) like it); expected a number in [1, 4]",
    ),
    (
        _cell("retry_count", "lots", 2),
        "column 'retry_count' = 'lots' in data row 3 (1 row(s) like it); expected a finite number",
    ),
    (_cell("retry_count", 1.5), "column 'retry_count' = 1.5 in data row 1 (1 row(s) like it); expected a whole number"),
    (_cell("task_completion_rate", -0.1), "expected a number in [0, 1]"),
    (_cell("grade", 13), "column 'grade' = 13.0 in data row 1 (1 row(s) like it); expected one of [1, 2,"),
    (_cell("grade", np.nan), "column 'grade' = empty in data row 1 (1 row(s) like it); expected a value in every row"),
    (_cell("text", "   ", 5), "column 'text' = empty in data row 6"),
    (lambda f: f.assign(id="same"), "column 'id' = 'same' in data row 1 (12 row(s) like it); expected each `id` once"),
]


@pytest.mark.parametrize(("corrupt", "expected"), BAD_FILES)
def test_a_bad_file_stops_with_one_line(corrupt, expected: str, tmp_path: Path) -> None:
    with pytest.raises(SkillsynthError) as caught:
        _checked(corrupt(team_file()), tmp_path)
    message = str(caught.value)
    assert message.startswith("data/real/pilot.csv: ") and "\n" not in message
    assert expected in message


def _two_raters() -> pd.DataFrame:
    first = team_file().assign(rater_id="a", group_id=[f"class-{i // 4}" for i in range(12)])
    second = first.iloc[:6].assign(rater_id="b", empathy_score=4)
    return pd.concat([first, second], ignore_index=True)


def test_one_session_rated_twice_must_agree_on_all_but_its_scores(tmp_path: Path) -> None:
    assert len(_checked(_two_raters(), tmp_path)) == 18
    with pytest.raises(
        SkillsynthError,
        match=r"column 'rater_id' = 'a' in data row 1 \(12 row\(s\) like it\); "
        r"expected each `id` and `rater_id` once",
    ):
        _checked(_two_raters().assign(rater_id="a"), tmp_path)
    with pytest.raises(
        SkillsynthError,
        match=r"column 'grade' differs between the rows of session 's-00' "
        r"\(data rows 1, 13: 3.0, 8.0; 1 session\(s\) like it\); expected one value",
    ):
        _checked(_cell("grade", 8, 12)(_two_raters()), tmp_path)


def test_sessions_carry_their_raters_mean_on_the_unit_scale(tmp_path: Path) -> None:
    frame = _checked(_two_raters(), tmp_path)
    rules = real_file_rules(frame.columns, SCALE)
    rated = rated_sessions(frame, rules, SCALE)
    sessions = rated.sessions.set_index("sample_id")
    assert len(sessions) == 12 and rated.unrated == 0 and len(rated.ratings) == 18
    # s-00: rater a gave 1, rater b gave 4: mean 2.5 on [1, 4] is 0.5
    assert sessions.loc["s-00", "empathy_score"] == pytest.approx(0.5)
    assert sessions.loc["s-07", "empathy_score"] == pytest.approx((4 - 1) / 3)
    assert np.isnan(sessions.loc["s-00", "resilience_score"]) and sessions.loc["s-01", "resilience_score"] == 0.5
    assert np.isnan(sessions["problem_solving_score"]).all()
    assert sessions.loc["s-05", "group_id"] == "class-1"
    assert list(rated.sessions.columns[:4]) == ["sample_id", "group_id", "grade", "text"]


def test_without_a_group_each_session_is_its_own_and_unrated_sessions_are_left_out(tmp_path: Path) -> None:
    frame = team_file().assign(resilience_score=np.nan)
    frame.loc[[0, 2], "empathy_score"] = np.nan
    table = _checked(frame, tmp_path)
    rated = rated_sessions(table, real_file_rules(table.columns, SCALE), SCALE)
    assert rated.unrated == 2 and len(rated.sessions) == 10
    assert (rated.sessions["group_id"] == rated.sessions["sample_id"]).all()


def test_empty_table_has_the_real_columns() -> None:
    table = empty_real_table()
    assert list(table.columns) == list(REAL_COLUMNS) and table.empty
    assert table["word_count"].dtype == "float64" and table["grade"].dtype == "int64"


def test_real_path_must_be_inside_the_tracked_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert real_file("data/real/pilot.csv", "data/real").name == "pilot.csv"
    outside = r"data.real_path = '/elsewhere/pilot.csv': expected a file inside data/real/"
    with pytest.raises(SkillsynthError, match=outside):
        real_file("/elsewhere/pilot.csv", "data/real")
    with pytest.raises(SkillsynthError, match="expected a file inside"):
        real_file("data/real/../pilot.csv", "data/real")


def test_every_telemetry_signal_and_score_is_optional() -> None:
    rules = real_file_rules(["id", "text", "grade", "self_regulation_score"], SCALE)
    assert rules.has_shape and rules.telemetry_columns == () and rules.score_columns == ("self_regulation_score",)
    full = real_file_rules(["id", "text", "grade", *TELEMETRY_COLUMNS, *LABEL_COLUMNS], SCALE)
    assert full.telemetry_columns == TELEMETRY_COLUMNS and full.score_columns == LABEL_COLUMNS


def test_parquet_files_are_read_the_same_way(tmp_path: Path) -> None:
    frame = team_file().assign(id=range(12), rater_id=7)
    frame.to_parquet(tmp_path / "pilot.parquet", index=False)
    table = read_real_file(tmp_path / "pilot.parquet")
    assert table["id"].tolist()[:2] == ["0", "1"] and table["rater_id"].iloc[0] == "7"
    check_real_file(table, real_file_rules(table.columns, SCALE), "data/real/pilot.parquet")
    with pytest.raises(SkillsynthError, match=r"pilot.txt: unsupported format '.txt'; expected .csv or .parquet"):
        read_real_file(_write(team_file(), tmp_path, "pilot.txt"))
