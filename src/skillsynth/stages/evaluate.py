"""Stage `evaluate`: held-out metrics per skill, predictions, and plot data."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pandas as pd

from skillsynth.config import Settings
from skillsynth.contract import TRAINING_COLUMNS, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.files import read_table, write_json, write_table
from skillsynth.model.metrics import regression_metrics
from skillsynth.model.registry import file_sha256, load_models
from skillsynth.model.split import group_split
from skillsynth.model.train import feature_matrix, predict_scores

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.metrics``, ``paths.predictions`` and predicted-vs-actual plot data."""
    started = time.perf_counter()
    paths = settings.paths
    frame = read_table(paths.training_data, required=TRAINING_COLUMNS)
    registry, models = load_models(paths.registry, paths.models_dir)
    if file_sha256(paths.training_data) != registry["data"]["sha256"]:
        raise SkillsynthError(f"{paths.training_data}: changed since the models were trained; rerun `dvc repro train`")
    split = registry["split"]
    _, test_rows = group_split(frame[split["group_column"]], split["test_size"], split["seed"])
    held_out = frame.iloc[test_rows]
    features = feature_matrix(held_out)
    metrics, predictions = {}, {"sample_id": held_out["sample_id"].to_numpy()}
    plots_dir = Path(paths.plots_dir) / "pred_vs_actual"
    for skill, booster in models.items():
        actual = held_out[score_column(skill)].to_numpy()
        predicted = predict_scores(booster, features)
        metrics[skill] = regression_metrics(actual, predicted)
        predictions[score_column(skill)] = predicted
        write_table(
            pd.DataFrame({
                "sample_id": held_out["sample_id"].to_numpy(), "grade": held_out["grade"].to_numpy(),
                "level": held_out["level"].to_numpy(), "actual": actual.round(6), "predicted": predicted.round(6),
            }),
            plots_dir / f"{skill}.csv",
        )
    write_json(metrics, paths.metrics)
    write_table(pd.DataFrame(predictions), paths.predictions)
    log.info(
        "evaluate: %d held-out rows; r2 %s -> %s, %s in %.1f s",
        len(held_out), {s: m["r2"] for s, m in metrics.items()}, paths.metrics, plots_dir,
        time.perf_counter() - started,
    )
