"""Predictors a model must beat: the training mean, and the mean of each level x prompt-skill cell."""

from __future__ import annotations

import numpy as np
import pandas as pd

CELL = ("skill", "level")  # level describes the skill the prompt targeted, so it only means something with it


def mean_baseline(train_target: np.ndarray, weights: np.ndarray, rows: int) -> np.ndarray:
    """The (weighted) training mean, predicted for each of ``rows`` rows."""
    return np.full(rows, np.average(train_target, weights=weights))


def level_only_predictions(
    train: pd.DataFrame, train_target: np.ndarray, weights: np.ndarray, test: pd.DataFrame
) -> np.ndarray:
    """What knowing only (prompt skill, level) gives: each cell's weighted training mean.

    A cell the training part never saw gets the overall training mean.
    """
    cells = train.loc[:, list(CELL)].assign(weighted=train_target * weights, weight=weights)
    sums = cells.groupby(list(CELL))[["weighted", "weight"]].sum()
    cell_means = (sums["weighted"] / sums["weight"]).rename("prediction")
    looked_up = test.loc[:, list(CELL)].join(cell_means, on=list(CELL))["prediction"]
    return looked_up.fillna(np.average(train_target, weights=weights)).to_numpy()
