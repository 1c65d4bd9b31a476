"""Regression metrics reported for every skill model."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

DIGITS = 6  # reports are rounded so they are stable to read and diff


def rounded(value: float | np.floating) -> float | None:
    """``value`` rounded for a report; None where it is undefined (e.g. a correlation of a constant)."""
    return round(float(value), DIGITS) if math.isfinite(value) else None


def regression_metrics(actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """R², MAE and RMSE, rounded to 6 digits so reports are stable to read and diff."""
    return {
        "r2": round(float(r2_score(actual, predicted)), DIGITS),
        "mae": round(float(mean_absolute_error(actual, predicted)), DIGITS),
        "rmse": round(float(np.sqrt(mean_squared_error(actual, predicted))), DIGITS),
        "n": int(len(actual)),
    }


def r2(actual: np.ndarray, predicted: np.ndarray, weights: np.ndarray | None = None) -> float:
    """R² of ``predicted`` against ``actual``, weighted when ``weights`` are given, rounded."""
    return round(float(r2_score(actual, predicted, sample_weight=weights)), DIGITS)


def mae_by_group(actual: np.ndarray, predicted: np.ndarray, groups: pd.Series) -> dict[str, float]:
    """MAE within each value of ``groups`` (keys as text, in sorted group order)."""
    errors = pd.Series(np.abs(np.asarray(actual) - np.asarray(predicted)), index=groups.index)
    by_group = errors.groupby(groups.to_numpy(), sort=True).mean()
    return {str(group): round(float(value), DIGITS) for group, value in by_group.items()}
