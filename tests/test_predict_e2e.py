"""End to end: `dvc repro` in a fresh git copy, then `skillsynth predict` reproduces `evaluate`'s predictions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support import fresh_copy, run, stages_run

from skillsynth.contract import SKILLS, score_column

pytestmark = pytest.mark.e2e
SCORES = [score_column(skill) for skill in SKILLS]


def test_predict_on_held_out_rows_reproduces_reports_predictions(repo: Path, tmp_path: Path) -> None:
    copy = fresh_copy(repo, tmp_path / "skillsynth")
    run(copy, "skillsynth", "params", "data.count=336")
    assert {"train", "evaluate", "cards"} <= set(stages_run(run(copy, "dvc", "repro").stdout))
    expected = pd.read_csv(copy / "reports/predictions.csv")
    table = pd.read_csv(copy / "data/processed/training_data.csv", dtype={"sample_id": str})
    held_out = table[table["sample_id"].isin(expected["sample_id"])]
    assert len(held_out) == len(expected) > 0
    held_out.to_csv(tmp_path / "held_out.csv", index=False)  # every training column, extras included
    done = run(copy, "skillsynth", "predict", "--models", "models", "--input", str(tmp_path / "held_out.csv"),
               "--output", str(tmp_path / "scores.csv"), "--strict")
    scores = pd.read_csv(tmp_path / "scores.csv")
    flagged = int((~scores["in_distribution"]).sum())
    assert f"scored {len(expected)} of {len(expected)} rows (0 skipped; {flagged} out of distribution)" in done.stderr
    assert scores["sample_id"].tolist() == expected["sample_id"].tolist()
    np.testing.assert_allclose(scores[SCORES].to_numpy(), expected[SCORES].to_numpy(), rtol=0, atol=1e-6)
    detail = json.loads((copy / "reports/metrics_detail.json").read_text())
    assert detail[SKILLS[0]]["heldout_ood_share"] == round(flagged / len(expected), 6)  # evaluate flags as predict does
