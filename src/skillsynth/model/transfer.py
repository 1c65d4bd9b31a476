"""Transfer figures on the real held-out sessions: synthetic-only, real-only and mixed models, and the real-data curve.

They answer "does synthetic data help on real sessions, and how much real data is it worth?":
every model below is scored on the same real held-out part, which none of them trains on.

- synthetic-only: trained on the synthetic training part alone;
- real-only: trained on the real training part alone (also estimated by grouped K-fold inside it);
- mixed: the shipped model, real rows carrying ``data.real_fraction`` of the weight;
- the curve: real-only and mixed models on nested subsets of the real training part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb

from skillsynth.contract import GROUP, SKILLS, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.model.design import TrainingDesign, mixing_weights, normalised, split_groups
from skillsynth.model.fitting import fit_matrix, fit_models, skill_fit_job
from skillsynth.model.metrics import r2, regression_metrics, rounded
from skillsynth.model.predictor import feature_matrix, predict_scores
from skillsynth.model.resampling import grouped_folds, learning_curve_sizes, learning_curve_subsets

SYNTHETIC_ONLY, REAL_ONLY, MIXED = "synthetic_only", "real_only", "mixed"
WITH_SYNTHETIC, WITHOUT_SYNTHETIC = "with synthetic data", "real data only"
CURVE_COLUMNS = ("real_train_rows", "skill", "training", "r2")


@dataclass(frozen=True)
class Transfer:
    """What `evaluate` reports about the real held-out part."""

    metrics: dict[str, dict[str, float | None]]  # headline per skill, for reports/metrics.json
    detail: dict[str, Any]  # every figure behind them, for the real-transfer report
    predictions: pd.DataFrame  # real held-out sessions: sample_id, the shipped models' <skill>_score
    curve: pd.DataFrame  # CURVE_COLUMNS: real held-out R² by real training rows, with and without synthetic data


def no_transfer() -> Transfer:
    """The figures without real data: none, and empty tables."""
    scores = {score_column(skill): pd.Series(dtype="float64") for skill in SKILLS}
    empty_curve = pd.DataFrame({name: pd.Series(dtype="float64") for name in CURVE_COLUMNS})
    return Transfer({}, {}, pd.DataFrame({"sample_id": pd.Series(dtype=object), **scores}), empty_curve)


def _pool(
    design: TrainingDesign, real_rows: np.ndarray | None, with_synthetic: bool, real_fraction: float
) -> TrainingDesign:
    """A training design over the synthetic training part (or none) and the real training rows ``real_rows``."""
    real = design.real_train.iloc[real_rows] if real_rows is not None else design.real_train.iloc[:0]
    synthetic = design.synthetic_train if with_synthetic else None
    parts = [part for part in (synthetic, real) if part is not None and len(part)]
    pool = pd.concat(parts, ignore_index=True)
    share = real_fraction if with_synthetic else 1.0
    weights = normalised(mixing_weights(pool["origin"].to_numpy(), share))
    return TrainingDesign(pool, weights, split_groups(pool), design.test, design.real_test, share)


def _fits(pools: Sequence[TrainingDesign], params: dict[str, Any], workers: int) -> list[dict[str, xgb.XGBRegressor]]:
    """A model per skill for each pool (a skill a pool never rates gets none), fitted in one parallel batch."""
    jobs, owners = [], []
    for index, pool in enumerate(pools):
        features = fit_matrix(pool.train)
        for skill in SKILLS:
            if len(pool.rated(skill)):
                jobs.append(skill_fit_job(pool, features, skill))
                owners.append((index, skill))
    fitted: list[dict[str, xgb.XGBRegressor]] = [{} for _ in pools]
    for (index, skill), booster in zip(owners, fit_models(jobs, params, workers), strict=True):
        fitted[index][skill] = booster
    return fitted


def _real_scores(models: Mapping[str, xgb.XGBRegressor], design: TrainingDesign, skill: str) -> dict[str, Any] | None:
    """R², MAE, RMSE and n of ``skill``'s model on the real held-out sessions rated for it; None with fewer than 2."""
    actual = design.real_test[score_column(skill)].to_numpy()
    rated = ~np.isnan(actual)
    if skill not in models or rated.sum() < 2:
        return None
    return regression_metrics(actual[rated], predict_scores(models[skill], feature_matrix(design.real_test)[rated]))


def _real_only_cv(
    design: TrainingDesign, params: dict[str, Any], cv_folds: int, seed: int, workers: int
) -> dict[str, Any]:
    """Per skill, grouped K-fold R² of real-only models inside the real training part (None with too few groups)."""
    real = design.real_train
    try:
        folds = grouped_folds(real[GROUP.name].to_numpy(), cv_folds, seed)
    except SkillsynthError:
        return {skill: {"cv_r2_mean": None, "cv_r2_std": None, "folds": 0} for skill in SKILLS}
    pools = [_pool(design, fit_rows, False, 1.0) for fit_rows, _ in folds]
    fitted = _fits(pools, params, workers)
    features = feature_matrix(real)
    result = {}
    for skill in SKILLS:
        actual = real[score_column(skill)].to_numpy()
        fold_r2 = []
        for models, (_, rows) in zip(fitted, folds, strict=True):
            rated = rows[~np.isnan(actual[rows])]
            if skill in models and len(rated) >= 2:
                fold_r2.append(r2(actual[rated], predict_scores(models[skill], features.iloc[rated])))
        result[skill] = {
            "cv_r2_mean": rounded(np.mean(fold_r2)) if fold_r2 else None,
            "cv_r2_std": rounded(np.std(fold_r2)) if fold_r2 else None,
            "folds": len(fold_r2),
        }
    return result


def _curve(
    design: TrainingDesign,
    synthetic_only: Mapping[str, xgb.XGBRegressor],
    params: dict[str, Any],
    real_fraction: float,
    requested_sizes: Sequence[int],
    seed: int,
    workers: int,
) -> pd.DataFrame:
    """Real held-out R² against real training rows: real-only and mixed models on nested random subsets."""
    available = len(design.real_train)
    sizes = learning_curve_sizes(requested_sizes, available)
    subsets = learning_curve_subsets(available, sizes, seed)
    pools = [_pool(design, rows, False, 1.0) for rows in subsets]
    pools += [_pool(design, rows, True, real_fraction) for rows in subsets]
    fitted = _fits(pools, params, workers)
    points = []
    for skill in SKILLS:
        start = _real_scores(synthetic_only, design, skill)
        if start is not None:
            points.append((0, skill, WITH_SYNTHETIC, start["r2"]))
        for index, size in enumerate(sizes):
            for training, models in ((WITHOUT_SYNTHETIC, fitted[index]), (WITH_SYNTHETIC, fitted[len(sizes) + index])):
                scores = _real_scores(models, design, skill)
                if scores is not None:
                    points.append((size, skill, training, scores["r2"]))
    return pd.DataFrame(points, columns=list(CURVE_COLUMNS))


def real_transfer(
    design: TrainingDesign,
    models: Mapping[str, xgb.XGBRegressor],
    params: dict[str, Any],
    agreement: Mapping[str, Mapping[str, Any]],
    cv_folds: int,
    curve_sizes: Sequence[int],
    seed: int,
    workers: int,
) -> Transfer:
    """The transfer figures of ``models`` (trained on ``design``) on the real held-out part; refits the others."""
    real_fraction = design.real_fraction
    all_real = np.arange(len(design.real_train))
    synthetic_only, real_only = _fits(
        [_pool(design, None, True, 0.0), _pool(design, all_real, False, 1.0)], params, workers
    )
    by_model = {SYNTHETIC_ONLY: synthetic_only, REAL_ONLY: real_only, MIXED: models}
    cv = _real_only_cv(design, params, cv_folds, seed, workers)
    metrics, detail = {}, {}
    for skill in SKILLS:
        scores = {name: _real_scores(fitted, design, skill) for name, fitted in by_model.items()}
        mean_rating = _mean_rating_r2(design, skill)
        headline = {
            "real_r2": _r2_of(scores[MIXED]),
            "real_r2_synthetic_only": _r2_of(scores[SYNTHETIC_ONLY]),
            "real_r2_real_only": _r2_of(scores[REAL_ONLY]),
            "real_agreement": agreement.get(skill, {}).get("alpha"),
        }
        # a skill nobody rated: none
        metrics[skill] = {name: value for name, value in headline.items() if value is not None}
        detail[skill] = {
            **scores,
            "real_only_grouped_cv": cv[skill],
            "mean_rating_baseline_r2": mean_rating,
            "agreement": dict(agreement.get(skill, {})),
        }
    real_rated = {
        skill: int(len(design.real_train) - design.real_train[score_column(skill)].isna().sum()) for skill in SKILLS
    }
    detail["rows"] = {
        "real_train": len(design.real_train),
        "real_test": len(design.real_test),
        "real_train_rated": real_rated,
        "real_groups": int(design.real_train[GROUP.name].nunique() + design.real_test[GROUP.name].nunique()),
        "real_fraction": real_fraction,
    }
    predictions = pd.DataFrame(
        {
            "sample_id": design.real_test["sample_id"].to_numpy(),
            **{score_column(s): predict_scores(models[s], feature_matrix(design.real_test)) for s in SKILLS},
        }
    )
    curve = _curve(design, synthetic_only, params, real_fraction, curve_sizes, seed, workers)
    return Transfer(metrics, detail, predictions, curve)


def _r2_of(scores: dict[str, Any] | None) -> float | None:
    return None if scores is None else scores["r2"]


def _mean_rating_r2(design: TrainingDesign, skill: str) -> float | None:
    """R² on the real held-out sessions of predicting the real training part's mean rating: about 0, to beat."""
    train = design.real_train[score_column(skill)].dropna().to_numpy()
    actual = design.real_test[score_column(skill)].dropna().to_numpy()
    if not len(train) or len(actual) < 2:
        return None
    return r2(actual, np.full(len(actual), train.mean()))
