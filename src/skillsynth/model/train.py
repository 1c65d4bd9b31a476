"""One XGBoost regressor per skill, trained on the feature columns only."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xgboost as xgb
from tqdm import tqdm

from skillsynth.compute import available_cores
from skillsynth.config import XGBoostModel
from skillsynth.contract import FEATURE_COLUMNS, SKILLS, score_column
from skillsynth.model.design import TrainingDesign
from skillsynth.model.metrics import regression_metrics

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class TrainedSkillModel:
    """A fitted model with its held-out metrics (synthetic rows, and real rows when there are any)."""

    skill: str
    booster: xgb.XGBRegressor
    metrics: dict[str, float]
    real_metrics: dict[str, float] | None = None


@dataclass(frozen=True)
class FitJob:
    """One model to fit: inputs, target and per-row weights."""

    features: pd.DataFrame
    target: np.ndarray
    weights: np.ndarray


def xgboost_params(model: XGBoostModel, seed: int) -> dict[str, Any]:
    """Keyword arguments for ``xgboost.XGBRegressor`` from the ``model`` config section.

    Each fit uses one thread; parallelism is across fits (see ``fit_models``), which is faster on
    shared cores than OpenMP inside each fit, and keeps a model independent of the machine.
    """
    params = model.model_dump(exclude={"name", "n_jobs"})
    params.update(objective="reg:squarederror", random_state=seed, n_jobs=1)
    return params


def fit_workers(n_jobs: int) -> int:
    """Fits to run at once: ``model.n_jobs``, or every usable core when it is 0."""
    return n_jobs or available_cores()


def feature_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """The model inputs: contract feature columns only, never level, truth, ids or text."""
    return frame.loc[:, list(FEATURE_COLUMNS)].astype("float64")


def fit_skill_model(
    features: pd.DataFrame, target: np.ndarray, params: dict[str, Any], weights: np.ndarray | None = None
) -> xgb.XGBRegressor:
    """Fit one regressor; predictions are clipped to [0, 1] by the caller."""
    booster = xgb.XGBRegressor(**params)
    booster.fit(features, np.asarray(target), sample_weight=weights)
    return booster


def fit_models(
    jobs: Sequence[FitJob], params: dict[str, Any], workers: int, progress: str | None = None
) -> list[xgb.XGBRegressor]:
    """Fit every job, ``workers`` at a time (XGBoost releases the GIL); results in job order."""
    bar = tqdm(total=len(jobs), desc=progress, unit="fit", disable=progress is None)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fit_skill_model, j.features, j.target, params, j.weights) for j in jobs]
        models = []
        for future in futures:
            models.append(future.result())
            bar.update()
    bar.close()
    return models


def predict_scores(booster: xgb.XGBRegressor, features: pd.DataFrame | np.ndarray) -> np.ndarray:
    """Scores in [0, 1] for ``features``."""
    return np.clip(booster.predict(features), 0.0, 1.0)


def train_skill_models(
    design: TrainingDesign,
    params: dict[str, Any],
    workers: int,
    client: Client | None = None,
    partition_size: int = 0,
) -> list[TrainedSkillModel]:
    """Train a model per skill on the weighted training pool and measure it on the held-out parts.

    With a Dask ``client`` the fits run on its cluster (``xgboost.dask``, rows in partitions of
    ``partition_size``); else ``workers`` at a time here.
    """
    features = feature_matrix(design.train)
    jobs = [FitJob(features, design.train[score_column(s)].to_numpy(), design.weights) for s in SKILLS]
    test_features = feature_matrix(design.test)
    real_features = feature_matrix(design.real_test) if design.has_real else None
    if client is None:
        boosters = fit_models(jobs, params, workers)
    else:
        from skillsynth.model.dask_train import fit_models_on_cluster

        boosters = fit_models_on_cluster(client, jobs, params, partition_size)
    trained = []
    for skill, booster in zip(SKILLS, boosters, strict=True):
        target = score_column(skill)
        metrics = regression_metrics(design.test[target].to_numpy(), predict_scores(booster, test_features))
        real_metrics = None
        if real_features is not None:
            real_metrics = regression_metrics(
                design.real_test[target].to_numpy(), predict_scores(booster, real_features)
            )
        trained.append(TrainedSkillModel(skill, booster, metrics, real_metrics))
    return trained
