"""Stage `train`: one XGBoost model per skill, saved in XGBoost's JSON format with a registry."""

from __future__ import annotations

import logging
import time
from functools import partial
from pathlib import Path
from typing import Any

from skillsynth import __version__
from skillsynth.compute import Cluster, cluster
from skillsynth.config import Settings
from skillsynth.contract import score_column
from skillsynth.files import write_atomic, write_json
from skillsynth.model.design import REAL, TrainingDesign
from skillsynth.model.distribution import checked_features, training_distribution
from skillsynth.model.dropout import DROPPED, TELEMETRY, TEXT
from skillsynth.model.fitting import (
    FitModels,
    TrainedSkillModel,
    fit_models,
    fit_workers,
    train_skill_models,
    xgboost_params,
)
from skillsynth.model.predictor import feature_matrix
from skillsynth.model.registry import (
    DataRecord,
    HeldOutMetrics,
    ModelEntry,
    RealDataRecord,
    Registry,
    SplitRecord,
    file_sha256,
    nlp_record,
)
from skillsynth.stages._design import load_design

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


def split_record(settings: Settings) -> SplitRecord:
    """How this run splits and weights the rows, as the registry records it for the later stages."""
    return SplitRecord(
        test_size=settings.split.test_size,
        seed=settings.seed,
        real_fraction=settings.data.real_fraction,
        telemetry_dropout=settings.model.telemetry_dropout,
        text_dropout=settings.model.text_dropout,
    )


def _model_entry(trained: TrainedSkillModel, path: Path) -> ModelEntry:
    """The registry's entry of a model written to ``path``."""
    real = trained.real_metrics
    return ModelEntry(
        file=path.name,
        sha256=file_sha256(path),
        target=score_column(trained.skill),
        heldout_metrics=HeldOutMetrics.model_validate(trained.metrics),
        real_heldout_metrics=HeldOutMetrics.model_validate(real) if real is not None else None,
    )


def run(settings: Settings) -> None:
    """Write ``paths.model_files`` (a model per skill) and ``paths.registry``."""
    started = time.perf_counter()
    paths = settings.paths
    split = split_record(settings)
    loaded = load_design(paths, split)
    frame, real, design = loaded.synthetic, loaded.real, loaded.design
    params = xgboost_params(settings.model, settings.seed)
    entries = {}
    for trained in _train(design, params, settings):
        target = Path(paths.model_files[trained.skill])
        write_atomic(target, trained.booster.save_model)
        entries[trained.skill] = _model_entry(trained, target)
        log.info("train: %s held-out %s, real %s -> %s", trained.skill, trained.metrics, trained.real_metrics, target)
    real_train_rows = int((design.train["origin"] == REAL).sum())
    ood = settings.ood
    checked = checked_features(params["features"], ood.extra_features)
    distribution = training_distribution(
        feature_matrix(design.train).loc[:, checked],
        design.groups,
        ood.range_margin,
        ood.range_tail,
        ood.multivariate_tail,
        ood.calibration_folds,
        settings.seed,
    )
    registry = Registry(
        skillsynth_version=__version__,
        features=params["features"],
        distribution=distribution,
        nlp=nlp_record(settings.nlp.model),
        serve=settings.serve.model_dump(),
        params={k: v for k, v in params.items() if k != "n_jobs"},
        data=DataRecord(
            path=paths.training_data,
            sha256=file_sha256(paths.training_data),
            rows=len(frame),
            train_rows=len(design.train) - real_train_rows,
            test_rows=len(design.test),
            unseen_wording_rows=len(design.unseen_test),
            real=RealDataRecord(
                path=paths.real_data,
                sha256=file_sha256(paths.real_data),
                rows=len(real),
                train_rows=len(design.real_train),
                test_rows=len(design.real_test),
            ),
        ),
        split=split,
        models=entries,
    )
    write_json(registry.model_dump(), paths.registry)
    log.info(
        "train: %d models (%s compute) on %d rows (%d real, weight share %.2f; telemetry hidden on %d, text on %d; "
        "%d synthetic held out by skill and scenario, %d in unseen wording, %d real held out by group) -> %s in %.1f s",
        len(entries),
        settings.compute.name,
        len(design.train),
        real_train_rows,
        split.real_fraction if real_train_rows else 0.0,
        int((design.train[DROPPED] == TELEMETRY).sum()),
        int((design.train[DROPPED] == TEXT).sum()),
        len(design.test),
        len(design.unseen_test),
        len(design.real_test),
        paths.registry,
        time.perf_counter() - started,
    )
    log.info(
        "train: training distribution of %d features recorded; "
        "it flags %.2f%% of the training rows out of distribution",
        len(checked),
        100 * distribution["training_rows_flagged"],
    )
