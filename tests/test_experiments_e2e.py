"""End to end in a fresh git copy: a queued `dvc exp` sweep, and real labelled data mixed in, or stopped when bad."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support import attempt, fresh_copy, run, run_stages, settings_in, stages_run

from skillsynth.contract import LABEL_COLUMNS, SKILLS, TRUE_COLUMNS
from skillsynth.model.registry import file_sha256
from skillsynth.model.summary import join_metrics

pytestmark = pytest.mark.e2e
SMALL = "data.count=200"
QUEUE_TIMEOUT_S = 900


@pytest.fixture(scope="module")
def project(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh git copy of the project; nothing run yet."""
    return fresh_copy(repo, tmp_path_factory.mktemp("experiments") / "skillsynth")


def _experiment_runs(shown: object) -> Iterator[dict]:
    """Every experiment or baseline record (with its params and metrics) in `dvc exp show --json`."""
    if isinstance(shown, dict):
        if "data" in shown and isinstance(shown["data"], dict) and "params" in shown["data"]:
            yield shown["data"]
        for value in shown.values():
            yield from _experiment_runs(value)
    elif isinstance(shown, list):
        for item in shown:
            yield from _experiment_runs(item)


def _wait_for_queue(project: Path) -> str:
    deadline = time.monotonic() + QUEUE_TIMEOUT_S
    while time.monotonic() < deadline:
        status = run(project, "dvc", "queue", "status").stdout
        if "Queued" not in status and "Running" not in status:
            return status
        time.sleep(5)
    pytest.fail(f"queued experiments still running after {QUEUE_TIMEOUT_S} s:\n{status}")


def test_queued_sweep_lists_every_experiment_with_metrics(project: Path) -> None:
    queued = run(project, "dvc", "exp", "run", "--queue", "-S", SMALL, "-S", "model.max_depth=choice(2,3)")
    assert queued.stdout.count("Queued experiment") == 2, queued.stdout
    run(project, "dvc", "queue", "start")
    status = _wait_for_queue(project)
    assert status.count("Success") == 2, status
    shown = json.loads(run(project, "dvc", "exp", "show", "--json").stdout)
    depths = {}
    for record in _experiment_runs(shown):
        params = record["params"]["params.yaml"]["data"]
        metrics = record.get("metrics", {}).get("reports/metrics.json", {}).get("data")
        if params["data"]["count"] == 200 and metrics:
            depths[params["model"]["max_depth"]] = metrics
    assert sorted(depths) == [2, 3]
    for metrics in depths.values():
        for skill in SKILLS:
            assert {"r2", "mae", "cv_r2_mean", "ceiling_r2"} <= set(metrics[skill])
            assert metrics[skill]["r2"] <= metrics[skill]["ceiling_r2"]
    assert depths[2] != depths[3]


def _real_like(root: Path) -> pd.DataFrame:
    """A "real" labelled file: an independent draw (another seed), without text or truth, with a harsher rater."""
    settings = settings_in(root, "data.count=160", "seed=7")
    run_stages(settings, ("generate", "linguistic", "behavioral", "label", "assemble"))
    table = pd.read_csv(settings.paths.training_data).drop(columns=["text", *TRUE_COLUMNS])
    rows = np.arange(len(table))
    table["sample_id"] = [f"pilot-{i:04d}" for i in rows]
    table["template_id"] = [f"class-{i // 8}" for i in rows]  # 20 classrooms, never split across parts
    table["source"] = "real:pilot-school"
    noise = np.random.default_rng(7).normal(0.0, 0.03, (len(table), len(LABEL_COLUMNS)))
    table[list(LABEL_COLUMNS)] = np.clip(table[list(LABEL_COLUMNS)].to_numpy() - 0.04 + noise, 0.0, 1.0)
    return table


def test_real_data_is_mixed_in_and_evaluated_on_its_own_held_out_part(project: Path, tmp_path: Path) -> None:
    _real_like(tmp_path).to_csv(project / "data/real/pilot.csv", index=False)
    done = run(
        project, "dvc", "exp", "run", "-S", SMALL, "-S", "data.real_path=data/real/pilot.csv",
        "-S", "data.real_fraction=0.3",
    )
    assert "real" in stages_run(done.stdout)
    metrics = join_metrics(*(json.loads((project / f"reports/{n}.json").read_text()) for n in ("metrics", "metrics_detail")))
    registry = json.loads((project / "models/model_registry.json").read_text())
    real_part = registry["data"]["real"]
    assert real_part["rows"] == 160 and real_part["train_rows"] + real_part["test_rows"] == 160
    assert registry["split"]["real_fraction"] == 0.3
    for skill in SKILLS:
        m = metrics[skill]
        assert m["real_n"] == real_part["test_rows"] > 0
        assert {"real_r2", "real_mae", "real_rmse", "real_baseline_r2", "real_level_only_r2"} <= set(m)
        assert m["real_r2"] > m["real_baseline_r2"]
        assert registry["models"][skill]["real_heldout_metrics"]["r2"] == m["real_r2"]
    real_predictions = pd.read_csv(project / "reports/real_predictions.csv")
    assert len(real_predictions) == real_part["test_rows"]
    assert real_predictions["sample_id"].str.startswith("pilot-").all()


@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        (lambda t: t.drop(columns=["empathy_score"]),
         "FAILED real: expect_table_columns_to_match_set column=-: observed {'missing_columns': ['empathy_score']}"),
        (lambda t: t.assign(resilience_score=[1.7] + [0.5] * (len(t) - 1)),
         "FAILED real: expect_column_values_to_be_between column=resilience_score: observed {'examples': [1.7]}; "
         "expected min_value=0.0, max_value=1.0; 1 of"),
    ],
)
def test_bad_real_file_stops_the_pipeline_before_train(project: Path, tmp_path: Path, corrupt, expected: str) -> None:
    good = project / "data/real/pilot.csv"
    if not good.is_file():
        _real_like(tmp_path).to_csv(good, index=False)
    corrupt(pd.read_csv(good)).to_csv(project / "data/real/bad.csv", index=False)
    models = [project / f"models/{skill}.json" for skill in SKILLS]
    models_before = [file_sha256(model) if model.is_file() else None for model in models]
    failed = attempt(project, "dvc", "exp", "run", "-S", SMALL, "-S", "data.real_path=data/real/bad.csv")
    assert failed.returncode != 0
    ran = stages_run(failed.stdout)
    assert ran[-1] == "validate_real" and not {"real", "train", "evaluate"} & set(ran)
    failures = [line for line in failed.stderr.splitlines() if line.startswith("FAILED real: ")]
    assert any(line.startswith(expected) for line in failures), failed.stderr[-2000:]
    assert "Traceback" not in failed.stderr
    assert models_before == [file_sha256(model) if model.is_file() else None for model in models]
