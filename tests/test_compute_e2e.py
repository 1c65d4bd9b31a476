"""End to end: `dvc exp run -S compute=dask` on a LocalCluster rebuilds the training data byte for byte.

One worker: the build's 336 samples are one partition (compute.partition_size 4096), so a second worker
would get no work here. That several workers give the same numbers is tests/test_compute_dask_e2e.py's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import private_copy, run, stages_run

from skillsynth.contract import SKILLS
from skillsynth.model.summary import join_metrics

pytestmark = pytest.mark.e2e
METRIC_TOLERANCE = 0.02  # xgboost.dask may differ from a local fit in the last digits, not more


def all_metrics(copy: Path) -> dict:
    """Every figure of evaluate: the DVC metrics joined with the detail file."""
    return join_metrics(*(json.loads((copy / f"reports/{n}.json").read_text()) for n in ("metrics", "metrics_detail")))


def test_dask_engine_rebuilds_the_same_training_data(built_project: Path, tmp_path: Path) -> None:
    copy = private_copy(built_project, tmp_path / "skillsynth")  # built on the local engine, committed
    local_table = (copy / "data/processed/training_data.csv").read_bytes()
    local_metrics = all_metrics(copy)

    done = run(copy, "dvc", "exp", "run", "-S", "compute=dask", "-S", "compute.n_workers=1")
    ran = stages_run(done.stdout)
    output = done.stdout + done.stderr
    assert output.count("compute: started a LocalCluster of 1 workers") >= 4, "a stage did not run on the cluster"
    assert {"linguistic", "behavioral", "label", "train"} <= set(ran)
    assert "assemble" not in ran, "the features changed, so the training data was rebuilt"
    assert "name: dask" in (copy / "params.yaml").read_text()
    assert (copy / "data/processed/training_data.csv").read_bytes() == local_table
    dask_metrics = all_metrics(copy)
    for skill in SKILLS:
        for key in ("r2", "mae", "rmse"):
            assert dask_metrics[skill][key] == pytest.approx(local_metrics[skill][key], abs=METRIC_TOLERANCE), (
                skill,
                key,
            )
