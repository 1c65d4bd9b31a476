"""One XGBoost regressor per skill, trained on the feature columns only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb

from skillsynth.config import XGBoostModel
from skillsynth.contract import FEATURE_COLUMNS, SKILLS, score_column
from skillsynth.model.metrics import regression_metrics


@dataclass(frozen=True)
class TrainedSkillModel:
    """A fitted model with its held-out metrics."""

    skill: str
    booster: xgb.XGBRegressor
    metrics: dict[str, float]


def xgboost_params(model: XGBoostModel, seed: int) -> dict[str, Any]:
    """Keyword arguments for ``xgboost.XGBRegressor`` from the ``model`` config section."""
    params = model.model_dump(exclude={"name", "n_jobs"})
    params.update(
        objective="reg:squarederror",
        random_state=seed,
        n_jobs=model.n_jobs or None,  # None: all cores
    )
    return params


def feature_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """The model inputs: contract feature columns only, never level, truth, ids or text."""
    return frame.loc[:, list(FEATURE_COLUMNS)].astype("float64")


def fit_skill_model(features: pd.DataFrame, target: pd.Series, params: dict[str, Any]) -> xgb.XGBRegressor:
    """Fit one regressor; predictions are clipped to [0, 1] by the caller."""
    booster = xgb.XGBRegressor(**params)
    booster.fit(features, target.to_numpy())
    return booster


def predict_scores(booster: xgb.XGBRegressor, features: pd.DataFrame | np.ndarray) -> np.ndarray:
    """Scores in [0, 1] for ``features``."""
    return np.clip(booster.predict(features), 0.0, 1.0)


def train_skill_models(
    frame: pd.DataFrame,
    train_rows: np.ndarray,
    test_rows: np.ndarray,
    params: dict[str, Any],
) -> list[TrainedSkillModel]:
    """Train a model per skill on ``train_rows`` and measure it on ``test_rows``."""
    features = feature_matrix(frame)
    trained = []
    for skill in SKILLS:
        target = frame[score_column(skill)]
        booster = fit_skill_model(features.iloc[train_rows], target.iloc[train_rows], params)
        predicted = predict_scores(booster, features.iloc[test_rows])
        metrics = regression_metrics(target.iloc[test_rows].to_numpy(), predicted)
        trained.append(TrainedSkillModel(skill, booster, metrics))
    return trained
