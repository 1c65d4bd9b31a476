"""Stage `check`: the whole config is validated before any other stage, and a refusal says how to recover."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import dvc_stages, upstream

from skillsynth.cli import main


@pytest.fixture
def project(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the committed params.yaml and conf/, as the current directory."""
    shutil.copy(repo / "params.yaml", tmp_path / "params.yaml")
    shutil.copytree(repo / "conf", tmp_path / "conf")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_valid_config_writes_the_unchanging_stamp(project: Path) -> None:
    assert main(["check"]) == 0
    stamp = project / "reports/config_check.json"
    assert json.loads(stamp.read_text()) == {"config": "valid"}
    first = stamp.read_bytes()
    assert main(["check"]) == 0 and stamp.read_bytes() == first  # so nothing downstream re-runs


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  max_depth: 4", "  max_depth: 0", "model.max_depth = 0"),
        ("  count: 5000", "  count: -5", "data.count = -5"),
        ("  test_size: 0.2", "  test_size: 2", "split.test_size = 2:"),
    ],
)
def test_a_refused_value_stops_check_with_the_way_back(
    project: Path, capsys, old: str, new: str, expected: str
) -> None:
    params = project / "params.yaml"
    assert old in params.read_text()
    params.write_text(params.read_text().replace(old, new))
    assert main(["check"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"skillsynth check: error: params.yaml: {expected}")
    assert "no other stage ran and no data, model or report was removed" in line and "`skillsynth params`" in line
    assert not (project / "reports/config_check.json").exists()
    assert main(["params"]) == 0 and main(["check"]) == 0  # the way back the line names


def test_other_stages_say_how_to_restore_their_outputs(project: Path, capsys) -> None:
    params = project / "params.yaml"
    params.write_text(params.read_text().replace("  max_depth: 4", "  max_depth: 0"))
    assert main(["train"]) == 2
    assert "`dvc checkout` restores the outputs of the last successful run" in capsys.readouterr().err


def test_every_stage_descends_from_check(repo: Path) -> None:
    stages = dvc_stages(repo)
    assert stages["check"]["params"] == [{"params.yaml": None}]  # all of it
    assert [name for name in stages if name != "check" and "check" not in upstream(stages, name)] == []
