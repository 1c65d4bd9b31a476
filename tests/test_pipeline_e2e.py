"""End to end: `make run` in a fresh git copy, then up-to-date checks, bit-for-bit repro, and an experiment."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from e2e_support import fresh_copy, run, stages_run

from skillsynth.contract import LEVELS, SKILLS, TRAINING_COLUMNS, score_column

pytestmark = pytest.mark.e2e
STAGES = ("generate", "linguistic", "behavioral", "label", "assemble", "train", "evaluate")


@pytest.fixture(scope="module")
def pipeline(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh git copy of the project after `make run`."""
    copy = fresh_copy(repo, tmp_path_factory.mktemp("pipeline") / "skillsynth")
    done = run(copy, "make", "run")
    assert stages_run(done.stdout) == list(STAGES)
    return copy


def test_make_run_builds_everything(pipeline: Path) -> None:
    table = pd.read_csv(pipeline / "data/processed/training_data.csv")
    assert len(table) == 2000 and list(table.columns) == list(TRAINING_COLUMNS)
    assert table.notna().all().all()
    assert table["text"].nunique() > 1000
    metrics = json.loads((pipeline / "reports/metrics.json").read_text())
    assert set(metrics) == set(SKILLS)
    for skill in SKILLS:
        assert (pipeline / f"models/{skill}.json").is_file()
        assert 0.0 < metrics[skill]["r2"] < 1.0
        mean_by_level = table[table["skill"] == skill].groupby("level")[score_column(skill)].mean()
        assert mean_by_level[LEVELS[0]] > mean_by_level[LEVELS[1]] > mean_by_level[LEVELS[2]]
    registry = json.loads((pipeline / "models/model_registry.json").read_text())
    assert "level" not in registry["features"] and not any(f.startswith("true_") for f in registry["features"])


def test_everything_up_to_date_after_run(pipeline: Path) -> None:
    status = run(pipeline, "dvc", "status")
    assert "up to date" in status.stdout
    again = run(pipeline, "dvc", "repro")
    assert stages_run(again.stdout) == []


def test_forced_repro_is_byte_identical(pipeline: Path) -> None:
    before = (pipeline / "dvc.lock").read_text()
    metrics_before = (pipeline / "reports/metrics.json").read_bytes()
    forced = run(pipeline, "dvc", "repro", "--force")
    assert stages_run(forced.stdout) == list(STAGES)
    assert (pipeline / "dvc.lock").read_text() == before
    assert (pipeline / "reports/metrics.json").read_bytes() == metrics_before


def test_model_param_experiment_reruns_only_train_and_evaluate(pipeline: Path) -> None:
    run(pipeline, "git", "add", "-A")
    run(pipeline, "git", "commit", "-q", "-m", "pipeline outputs")
    done = run(pipeline, "dvc", "exp", "run", "-S", "model.max_depth=3")
    assert stages_run(done.stdout) == ["train", "evaluate"]
    params = (pipeline / "params.yaml").read_text()
    assert "max_depth: 3" in params
