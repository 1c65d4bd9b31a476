"""End to end: `make run` in a fresh git copy, then up-to-date checks, bit-for-bit repro, and an experiment."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from skillsynth.contract import LEVELS, SKILLS, TRAINING_COLUMNS, score_column

pytestmark = pytest.mark.e2e
STAGES = (
    "generate", "validate_responses", "linguistic", "behavioral", "label", "validate_features",
    "assemble", "validate_training", "train", "evaluate", "llm_usage",
)


def _tracked_files(repo: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout
    return [name for name in listed.split("\0") if name and (repo / name).is_file()]


def _environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    venv_bin = str(Path(sys.executable).parent)
    env.update(
        PATH=f"{venv_bin}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(copy / "src"),  # the copy's code, not the checkout's editable install
        GIT_AUTHOR_NAME="skillsynth test", GIT_AUTHOR_EMAIL="test@skillsynth.invalid",
        GIT_COMMITTER_NAME="skillsynth test", GIT_COMMITTER_EMAIL="test@skillsynth.invalid",
        GX_ANALYTICS_ENABLED="false", DVC_NO_ANALYTICS="1",
    )
    return env


def run(copy: Path, *command: str) -> subprocess.CompletedProcess:
    """Run ``command`` in the copy, failing the test with its output if it fails."""
    done = subprocess.run(command, cwd=copy, env=_environment(copy), capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


def stages_run(output: str) -> list[str]:
    """Names of the stages a `dvc repro`/`dvc exp run` output says it ran."""
    return re.findall(r"Running stage '([^']+)'", output)


def fresh_git_copy(repo: Path, copy: Path) -> Path:
    """``copy``: the project's files as a fresh clone would have them, committed, with this venv."""
    for name in _tracked_files(repo):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, copy / name)
    (copy / ".venv").symlink_to(Path(sys.executable).parents[1], target_is_directory=True)
    run(copy, "git", "init", "-q", "-b", "main")
    run(copy, "git", "add", "-A")
    run(copy, "git", "commit", "-q", "-m", "fresh clone")
    return copy


@pytest.fixture(scope="module")
def pipeline(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh git copy of the project after `make run`."""
    copy = fresh_git_copy(repo, tmp_path_factory.mktemp("pipeline") / "skillsynth")
    done = run(copy, "make", "run")
    # llm_usage stays up to date: its inputs come out the same and its metrics file is committed.
    assert sorted(stages_run(done.stdout)) == sorted(stage for stage in STAGES if stage != "llm_usage")
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
    assert sorted(stages_run(forced.stdout)) == sorted(STAGES)
    assert (pipeline / "dvc.lock").read_text() == before
    assert (pipeline / "reports/metrics.json").read_bytes() == metrics_before


def test_failed_gate_stops_repro_and_keeps_models_and_reports(pipeline: Path) -> None:
    kept = {
        path: path.read_bytes()
        for path in [*(pipeline / "models").glob("*.json"), *(pipeline / "reports").rglob("*.csv"),
                     pipeline / "reports/metrics.json"]
    }
    params = pipeline / "params.yaml"
    original = params.read_text()
    params.write_text(original.replace("score_min_gap: 0.08", "score_min_gap: 0.9"))
    try:
        failed = subprocess.run(
            ["dvc", "repro"], cwd=pipeline, env=_environment(pipeline), capture_output=True, text=True
        )
    finally:
        params.write_text(original)
    assert failed.returncode != 0
    output = failed.stdout + failed.stderr
    assert "validate_training" in output and "FAILED training: expect_column_means_to_be_ordered_by_group" in output
    assert "Running stage 'train'" not in output
    assert {path: path.read_bytes() for path in kept} == kept
    report = json.loads((pipeline / "reports/quality/training.json").read_text())
    assert not report["success"] and (pipeline / "reports/quality/docs/training/index.html").is_file()
    run(pipeline, "dvc", "repro")  # back to the passing config: the gate passes again
    assert json.loads((pipeline / "reports/quality/training.json").read_text())["success"]


def test_model_param_experiment_reruns_only_train_and_evaluate(pipeline: Path) -> None:
    run(pipeline, "git", "add", "-A")
    run(pipeline, "git", "commit", "-q", "-m", "pipeline outputs")
    done = run(pipeline, "dvc", "exp", "run", "-S", "model.max_depth=3")
    assert stages_run(done.stdout) == ["train", "evaluate"]
    params = (pipeline / "params.yaml").read_text()
    assert "max_depth: 3" in params
