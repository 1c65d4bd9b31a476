"""Stage `train`: one XGBoost model per skill, saved in XGBoost's JSON format with a registry."""

from __future__ import annotations

import logging
import time
from functools import partial
from pathlib import Path
from typing import Any

from skillsynth.compute import Cluster, cluster
from skillsynth.config import Settings
from skillsynth.contract import GROUP, REAL_COLUMNS, TRAINING_COLUMNS
from skillsynth.files import read_table, write_atomic, write_json
from skillsynth.model.design import REAL, InputDropout, TrainingDesign, build_design
from skillsynth.model.distribution import checked_features, training_distribution
from skillsynth.model.dropout import DROPPED, TELEMETRY, TEXT
from skillsynth.model.fitting import (
    FitModels, TrainedSkillModel, fit_models, fit_workers, train_skill_models, xgboost_params,
)
from skillsynth.model.predictor import feature_matrix
from skillsynth.model.registry import build_registry, file_sha256, model_filename, nlp_record

log = logging.getLogger(__name__)


def fit_engine(on_cluster: Cluster | None, n_jobs: int) -> FitModels:
    """How the models are fitted: ``model.n_jobs`` at a time here, or with ``xgboost.dask`` on the cluster."""
    if on_cluster is None:
        return partial(fit_models, workers=fit_workers(n_jobs))
    from skillsynth.model.dask_fitting import fit_models_on_cluster

    return partial(fit_models_on_cluster, on_cluster.client, partition_size=on_cluster.partition_size)


def _train(design: TrainingDesign, params: dict[str, Any], settings: Settings) -> list[TrainedSkillModel]:
    """The fitted models, trained here or (compute=dask) on the cluster."""
    with cluster(settings.compute) as on_cluster:
        return train_skill_models(design, params, fit_engine(on_cluster, settings.model.n_jobs))


def run(settings: Settings) -> None:
    """Write ``models/<skill>.json`` for every skill and ``paths.registry``."""
    started = time.perf_counter()
    paths = settings.paths
    frame = read_table(paths.training_data, required=TRAINING_COLUMNS)
    real = read_table(paths.real_data, required=REAL_COLUMNS)
    real_fraction = settings.data.real_fraction
    dropout = InputDropout(settings.model.telemetry_dropout, settings.model.text_dropout)
    design = build_design(
        frame, real, settings.split.test_size, settings.seed, real_fraction, paths.real_data, dropout
    )
    params = xgboost_params(settings.model, settings.seed)
    entries = {}
    for trained in _train(design, params, settings):
        target = Path(paths.models_dir) / model_filename(trained.skill)
        write_atomic(target, trained.booster.save_model)
        entries[trained.skill] = {
            "file": target.name, "sha256": file_sha256(target), "heldout_metrics": trained.metrics,
        }
        if trained.real_metrics is not None:
            entries[trained.skill]["real_heldout_metrics"] = trained.real_metrics
        log.info("train: %s held-out %s, real %s -> %s", trained.skill, trained.metrics, trained.real_metrics, target)
    real_train_rows = int((design.train["origin"] == REAL).sum())
    ood = settings.ood
    checked = checked_features(params["features"], ood.extra_features)
    distribution = training_distribution(
        feature_matrix(design.train).loc[:, checked], design.groups, ood.range_margin, ood.range_tail,
        ood.multivariate_tail, ood.calibration_folds, settings.seed,
    )
    registry = build_registry(
        entries,
        params={k: v for k, v in params.items() if k != "n_jobs"},
        data={
            "path": paths.training_data, "sha256": file_sha256(paths.training_data),
            "rows": len(frame), "train_rows": len(design.train) - real_train_rows, "test_rows": len(design.test),
            "unseen_wording_rows": len(design.unseen_test),
            "real": {
                "path": paths.real_data, "sha256": file_sha256(paths.real_data), "rows": len(real),
                "train_rows": len(design.real_train), "test_rows": len(design.real_test),
            },
        },
        split={
            "group_column": "template_id", "strata_column": "skill", "held_out_wording_column": "wording",
            "real_group_column": GROUP.name, "test_size": settings.split.test_size,
            "seed": settings.seed, "real_fraction": real_fraction,
            "telemetry_dropout": dropout.telemetry, "text_dropout": dropout.text,
        },
        nlp=nlp_record(settings.nlp.model),
        serve=settings.serve.model_dump(),
        features=params["features"],
        distribution=distribution,
    )
    write_json(registry, paths.registry)
    log.info(
        "train: %d models (%s compute) on %d rows (%d real, weight share %.2f; telemetry hidden on %d, text on %d; "
        "%d synthetic held out by skill and scenario, %d in unseen wording, %d real held out by group) -> %s in %.1f s",
        len(entries), settings.compute.name, len(design.train), real_train_rows,
        real_fraction if real_train_rows else 0.0,
        int((design.train[DROPPED] == TELEMETRY).sum()), int((design.train[DROPPED] == TEXT).sum()),
        len(design.test), len(design.unseen_test), len(design.real_test), paths.registry, time.perf_counter() - started,
    )
    log.info(
        "train: training distribution of %d features recorded; it flags %.2f%% of the training rows out of distribution",
        len(checked), 100 * distribution["training_rows_flagged"],
    )
