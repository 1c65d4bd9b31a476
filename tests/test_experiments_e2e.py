"""End to end on a copy of the small shared build: a queued `dvc exp` sweep, and real labelled files mixed in, or
stopped when bad."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from real_world import SCALE as REAL_SCALE
from real_world import real_shaped_file, write_real_file
from support import _environment, attempt, private_copy, run, stages_run

from skillsynth.contract import SKILLS
from skillsynth.model.registry import file_sha256

pytestmark = pytest.mark.e2e
QUEUE_TIMEOUT_S = 900
EXPERIMENT_REF = re.compile(r"refs/exps/[0-9a-f]{2}/[0-9a-f]{38}/[^/]+$")  # a finished experiment's ref


@pytest.fixture(scope="module")
def project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared build: 336 samples, max_depth 4, committed; experiments change only what they set."""
    return private_copy(built_project, tmp_path_factory.mktemp("experiments") / "skillsynth")


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


def _run_queue(project: Path, experiments: int) -> str:
    """Start the queue's worker and wait for its experiments; `dvc queue status` once they have ended.

    The worker's output goes nowhere, so `dvc queue start` returns at once: a worker that holds the
    caller's pipes makes it wait until the worker exits, which is up to 10 s after its last
    experiment (the worker looks for more work every 10 s). Waiting looks at the experiments' git refs,
    a cheap call, and at `dvc queue status` every few seconds, in case one failed.
    """
    subprocess.run(
        ["dvc", "queue", "start"],
        cwd=project,
        env=_environment(project),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    deadline = time.monotonic() + QUEUE_TIMEOUT_S
    status, check = "", 0
    while True:
        check += 1
        refs = run(project, "git", "for-each-ref", "--format=%(refname)", "refs/exps").stdout.split()
        done = [ref for ref in refs if EXPERIMENT_REF.match(ref)]  # not the queue's own refs/exps/celery/...
        if len(done) >= experiments or check % 10 == 0:
            status = run(project, "dvc", "queue", "status").stdout
            if "Queued" not in status and "Running" not in status:
                return status
        if time.monotonic() > deadline:
            pytest.fail(f"queued experiments still running after {QUEUE_TIMEOUT_S} s:\n{status}")
        time.sleep(0.5)


def test_queued_sweep_lists_every_experiment_with_metrics(project: Path) -> None:
    # up to `evaluate`, which writes the metrics: behaviour and cards add nothing to what a sweep is for
    queued = run(project, "dvc", "exp", "run", "--queue", "-S", "model.max_depth=choice(2,3)", "evaluate")
    assert queued.stdout.count("Queued experiment") == 2, queued.stdout
    status = _run_queue(project, experiments=2)
    assert status.count("Success") == 2, status
    shown = json.loads(run(project, "dvc", "exp", "show", "--json").stdout)
    depths = {}
    for record in _experiment_runs(shown):
        params = record["params"]["params.yaml"]["data"]
        metrics = record.get("metrics", {}).get("reports/metrics.json", {}).get("data")
        if metrics:
            depths[params["model"]["max_depth"]] = metrics
    assert sorted(depths) == [2, 3, 4]  # the two experiments and the committed build they started from
    for metrics in depths.values():
        for skill in SKILLS:
            assert {"r2", "mae", "cv_r2_mean", "ceiling_r2"} <= set(metrics[skill])
            assert metrics[skill]["r2"] <= metrics[skill]["ceiling_r2"]
    assert depths[2] != depths[3] != depths[4]


SCALE = f"data.real_score_scale=[{REAL_SCALE[0]},{REAL_SCALE[1]}]"


def test_two_raters_give_agreement_and_the_real_curve_renders(project: Path, tmp_path: Path) -> None:
    write_real_file(real_shaped_file(tmp_path), project, "pilot.csv")
    done = run(
        project,
        "dvc",
        "exp",
        "run",
        "-S",
        SCALE,
        "-S",
        "data.real_path=data/real/pilot.csv",
        "-S",
        "data.real_fraction=0.3",
        "evaluate",  # the real stage writes the agreement, evaluate the curve
    )
    assert "real" in stages_run(done.stdout)
    metrics = json.loads((project / "reports/metrics.json").read_text())
    agreement = json.loads((project / "reports/real_agreement.json").read_text())
    assert set(agreement) == {"empathy", "problem_solving", "self_regulation"}
    for skill, figures in agreement.items():
        assert metrics[skill]["real_agreement"] == figures["alpha"] and 0.3 < figures["alpha"] < 0.9
        assert figures["raters"] == 2 and figures["sessions_rated_twice"] > 30
    run(project, "dvc", "plots", "show", "-o", str(tmp_path / "plots"))
    html = (tmp_path / "plots/index.html").read_text()
    assert "by real training rows, with and without the synthetic data" in html  # the title; R² is escaped
    assert '"training": "real data only"' in html and '"training": "with synthetic data"' in html


# Both faults in one file, one run: the gate reports every expectation a file breaks, not the first.
BAD_REAL_LINES = (
    "FAILED real: expect_table_to_have_one_of_columns column=-: observed {'found': []}; "
    "expected columns=['sample_id', 'id']",
    "FAILED real: expect_column_values_to_be_between column=empathy_score: observed {'examples': [5.0]}; "
    "expected min_value=1.0, max_value=4.0; 1 of",
)


def test_bad_real_file_stops_the_pipeline_before_train(project: Path, tmp_path: Path) -> None:
    good = project / "data/real/pilot.csv"
    if not good.is_file():
        write_real_file(real_shaped_file(tmp_path), project, "pilot.csv")
    table = pd.read_csv(good)
    bad = table.drop(columns=["id"]).assign(empathy_score=[5.0] + [2.0] * (len(table) - 1))
    bad.to_csv(project / "data/real/bad.csv", index=False)
    models = [project / f"models/{skill}.json" for skill in SKILLS]
    models_before = [file_sha256(model) if model.is_file() else None for model in models]
    failed = attempt(project, "dvc", "exp", "run", "-S", SCALE, "-S", "data.real_path=data/real/bad.csv")
    assert failed.returncode != 0
    ran = stages_run(failed.stdout)
    assert ran[-1] == "validate_real" and not {"real", "train", "evaluate"} & set(ran)
    failures = [line for line in failed.stderr.splitlines() if line.startswith("FAILED real: ")]
    for expected in BAD_REAL_LINES:
        assert any(line.startswith(expected) for line in failures), failed.stderr[-2000:]
    assert "Traceback" not in failed.stderr
    assert models_before == [file_sha256(model) if model.is_file() else None for model in models]
