"""Fitting one XGBoost regressor per skill on the feature columns only, with the fit engine passed in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb
from tqdm import tqdm

from skillsynth.compute import available_cores
from skillsynth.config import XGBoostModel
from skillsynth.contract import FEATURE_COLUMNS, SKILLS, concern_column, keyword_column, model_inputs, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.model.design import TrainingDesign
from skillsynth.model.dropout import DROPPED, INPUT_FAMILIES, hide_inputs
from skillsynth.model.metrics import regression_metrics
from skillsynth.model.predictor import feature_matrix, predict_scores


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
    skill: str = ""  # whose model: decides its monotone constraints (``skill_params``)


# Fits a list of jobs with the shared params, results in job order: ``fit_models`` here, or
# ``dask_fitting.fit_models_on_cluster`` on a cluster; the `train` stage chooses and passes it in.
FitModels = Callable[[Sequence[FitJob], dict[str, Any]], list[xgb.XGBRegressor]]


def xgboost_params(model: XGBoostModel, seed: int) -> dict[str, Any]:
    """Keyword arguments for ``xgboost.XGBRegressor`` from the ``model`` config section.

    Each fit uses one thread; parallelism is across fits (see ``fit_models``), which is faster on
    shared cores than OpenMP inside each fit, and keeps a model independent of the machine.
    """
    params = model.model_dump(exclude={"name", "n_jobs", "telemetry_dropout", "text_dropout", "features"})
    # ``monotone_evidence`` and ``features`` are kept under their own names; ``skill_params`` turns them
    # into XGBoost's constraints and the columns each fit reads
    params["features"] = list(model_inputs(model.features))
    params.update(objective="reg:squarederror", random_state=seed, n_jobs=1)
    return params


def fit_workers(n_jobs: int) -> int:
    """Fits to run at once: ``model.n_jobs``, or every usable core when it is 0."""
    return n_jobs or available_cores()


def fit_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """The inputs a model is fitted on: ``feature_matrix``, with the family each row drops (if any) missing."""
    features = feature_matrix(frame)
    if DROPPED not in frame:
        return features
    for family in INPUT_FAMILIES:
        rows = (frame[DROPPED] == family).to_numpy()
        if rows.any():
            features = hide_inputs(features, family, rows)
    return features


def skill_fit_job(design: TrainingDesign, features: pd.DataFrame, skill: str, rows: np.ndarray | None = None) -> FitJob:
    """The fit of ``skill``'s model: the training rows (of ``rows``, positions in the pool; all if None)
    that have a ``skill`` score, with their inputs from ``features`` and their weights."""
    rated, weights = design.rated(skill), design.skill_weights(skill)
    if rows is not None:
        kept = np.isin(rated, rows)
        rated, weights = rated[kept], weights[kept]
    if not len(rated):
        raise SkillsynthError(
            f"{score_column(skill)}: no training row has a score (data.real_fraction = {design.real_fraction:g} "
            "and the real file rates no such session); lower data.real_fraction or rate some sessions"
        )
    target = design.train[score_column(skill)].to_numpy()[rated]
    inputs = features if len(rated) == len(features) else features.iloc[rated]
    return FitJob(inputs, target, weights, skill)


def skill_params(params: dict[str, Any], skill: str) -> dict[str, Any]:
    """The XGBoost parameters of ``skill``'s model: the shared ones, with ``monotone_evidence`` turned into
    constraints: the score may only rise with the skill's evidence count and only fall with its concerns."""
    params = dict(params)
    params.pop("features", None)
    if params.pop("monotone_evidence", False) and skill:
        params["monotone_constraints"] = {keyword_column(skill): 1, concern_column(skill): -1}
    return params


def model_columns(params: dict[str, Any]) -> list[str]:
    """The feature columns the models read: ``features`` of the params (every feature when unset)."""
    return list(params.get("features", FEATURE_COLUMNS))


def fit_skill_model(
    features: pd.DataFrame,
    target: np.ndarray,
    params: dict[str, Any],
    weights: np.ndarray | None = None,
    skill: str = "",
) -> xgb.XGBRegressor:
    """Fit one regressor (``skill``'s constraints applied); predictions are clipped to [0, 1] by the caller."""
    booster = xgb.XGBRegressor(**skill_params(params, skill))
    booster.fit(features.loc[:, model_columns(params)], np.asarray(target), sample_weight=weights)
    return booster


def fit_models(
    jobs: Sequence[FitJob], params: dict[str, Any], workers: int, progress: str | None = None
) -> list[xgb.XGBRegressor]:
    """Fit every job, ``workers`` at a time (XGBoost releases the GIL); results in job order."""
    bar = tqdm(total=len(jobs), desc=progress, unit="fit", disable=progress is None)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fit_skill_model, j.features, j.target, params, j.weights, j.skill) for j in jobs]
        models = []
        for future in futures:
            models.append(future.result())
            bar.update()
    bar.close()
    return models


def train_skill_models(design: TrainingDesign, params: dict[str, Any], fit: FitModels) -> list[TrainedSkillModel]:
    """Train a model per skill on the weighted training pool with ``fit`` and measure it on the held-out parts."""
    features = fit_matrix(design.train)
    jobs = [skill_fit_job(design, features, skill) for skill in SKILLS]
    test_features = feature_matrix(design.test)
    real_features = feature_matrix(design.real_test) if design.has_real else None
    boosters = fit(jobs, params)
    trained = []
    for skill, booster in zip(SKILLS, boosters, strict=True):
        target = score_column(skill)
        metrics = regression_metrics(design.test[target].to_numpy(), predict_scores(booster, test_features))
        real_metrics = None
        real_actual = design.real_test[target].to_numpy() if real_features is not None else np.empty(0)
        rated = ~np.isnan(real_actual)
        if real_features is not None and rated.sum() >= 2:  # R² needs two rows (none without real data)
            real_metrics = regression_metrics(real_actual[rated], predict_scores(booster, real_features[rated]))
        trained.append(TrainedSkillModel(skill, booster, metrics, real_metrics))
    return trained
