"""Stage `train`: one XGBoost model per skill, saved in XGBoost's JSON format with a registry."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from skillsynth.config import Settings
from skillsynth.contract import TRAINING_COLUMNS
from skillsynth.files import read_table, write_atomic, write_json
from skillsynth.model.registry import build_registry, file_sha256, model_filename, nlp_record
from skillsynth.model.split import group_split
from skillsynth.model.train import train_skill_models, xgboost_params

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``models/<skill>.json`` for every skill and ``paths.registry``."""
    started = time.perf_counter()
    paths = settings.paths
    frame = read_table(paths.training_data, required=TRAINING_COLUMNS)
    train_rows, test_rows = group_split(frame["template_id"], settings.split.test_size, settings.seed)
    params = xgboost_params(settings.model, settings.seed)
    entries = {}
    for trained in train_skill_models(frame, train_rows, test_rows, params):
        target = Path(paths.models_dir) / model_filename(trained.skill)
        write_atomic(target, trained.booster.save_model)
        entries[trained.skill] = {
            "file": target.name, "sha256": file_sha256(target), "heldout_metrics": trained.metrics,
        }
        log.info("train: %s held-out %s -> %s", trained.skill, trained.metrics, target)
    registry = build_registry(
        entries,
        params={k: v for k, v in params.items() if k != "n_jobs"},
        data={
            "path": paths.training_data, "sha256": file_sha256(paths.training_data),
            "rows": len(frame), "train_rows": len(train_rows), "test_rows": len(test_rows),
        },
        split={"group_column": "template_id", "test_size": settings.split.test_size, "seed": settings.seed},
        nlp=nlp_record(settings.nlp.model),
    )
    write_json(registry, paths.registry)
    log.info(
        "train: %d models on %d rows (%d held out, grouped by template) -> %s in %.1f s",
        len(entries), len(train_rows), len(test_rows), paths.registry, time.perf_counter() - started,
    )
