"""The `real` gate and the `real` stage apply the same rules: a file passes both or fails both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import settings_in
from test_real_data import BAD_FILES, SCALE, _cell, _two_raters, team_file

from skillsynth.cli import main
from skillsynth.errors import SkillsynthError
from skillsynth.real.rules import real_file_rules
from skillsynth.real.sessions import check_real_file, read_real_file

DISAGREEING_RATERS = [
    (lambda f: _two_raters().assign(rater_id="a"), "expect_compound_columns_to_be_unique"),
    (lambda f: _cell("grade", 8, 12)(_two_raters()), "expect_column_values_to_agree_within_groups column=grade"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with data/real/ and a params file for it (scores on [1, 4], no Data Docs)."""
    root = tmp_path_factory.mktemp("real_gate")
    settings = settings_in(root, f"data.real_score_scale=[{SCALE[0]},{SCALE[1]}]", "quality.data_docs=false")
    (root / "data/real").mkdir(parents=True)
    (root / "params.yaml").write_text(json.dumps(settings.model_dump(mode="json")))  # JSON is YAML
    return root


def _gate(project: Path, path: Path) -> int:
    return main(["validate", "--suite", "real", str(path), "--params", str(project / "params.yaml")])


def _stage_accepts(path: Path) -> bool:
    frame = read_real_file(path)
    try:
        check_real_file(frame, real_file_rules(frame.columns, SCALE), str(path))
    except SkillsynthError:
        return False
    return True


def test_a_team_file_passes_both(project: Path, capsys) -> None:
    for name, frame in (("plain.csv", team_file()), ("raters.csv", _two_raters())):
        path = project / "data/real" / name
        frame.to_csv(path, index=False)
        assert _gate(project, path) == 0, capsys.readouterr().err
        assert _stage_accepts(path)
    report = json.loads((project / "reports/quality/real.json").read_text())
    assert report["success"] and report["rows"] == 18


@pytest.mark.parametrize(("corrupt", "expected"), [*BAD_FILES, *DISAGREEING_RATERS])
def test_a_bad_file_fails_both(project: Path, corrupt, expected: str, capsys) -> None:
    path = project / "data/real/bad.csv"
    corrupt(team_file()).to_csv(path, index=False)
    assert _gate(project, path) == 1
    assert "FAILED real: " in capsys.readouterr().err
    assert not _stage_accepts(path)


def test_the_gate_names_the_broken_rule(project: Path, capsys) -> None:
    path = project / "data/real/bad.csv"
    frame = _cell("retry_count", "lots", 2)(team_file().drop(columns=["id"]))
    frame.assign(empathy_score=[5, *frame["empathy_score"][1:]]).to_csv(path, index=False)
    assert _gate(project, path) == 1
    lines = capsys.readouterr().err.splitlines()
    assert (
        "FAILED real: expect_table_to_have_one_of_columns column=-: observed {'found': []}; "
        "expected columns=['sample_id', 'id']" in lines
    )
    assert any(
        line.startswith(
            "FAILED real: expect_column_values_to_be_numbers column=retry_count: "
            "observed {'examples': ['lots']}; expected whole=True; 1 of 12 rows"
        )
        for line in lines
    )
    assert any(
        line.startswith(
            "FAILED real: expect_column_values_to_be_between column=empathy_score: "
            "observed {'examples': [5.0]}; expected min_value=1.0, max_value=4.0"
        )
        for line in lines
    )


def test_the_gate_takes_only_files_inside_the_real_folder(project: Path, capsys) -> None:
    outside = project / "pilot.csv"
    team_file().to_csv(outside, index=False)
    assert _gate(project, outside) == 2
    assert "expected a file inside" in capsys.readouterr().err
    assert main(["validate", "--suite", "real", "--params", str(project / "params.yaml")]) == 0  # none configured
    report = json.loads((project / "reports/quality/real.json").read_text())
    assert report["success"] and report["rows"] == 0 and report["source"] == "data.real_path is empty"
