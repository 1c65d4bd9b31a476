"""Estimates from the training part alone: grouped K-fold splits and learning-curve subsets."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.model_selection import GroupKFold

from skillsynth.errors import SkillsynthError
from skillsynth.rng import stage_rng


def grouped_folds(groups: np.ndarray, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(fit rows, validation rows) of each grouped fold: no template on both sides of a fold."""
    distinct = len(np.unique(groups))
    if distinct < folds:
        raise SkillsynthError(
            f"evaluation.cv_folds = {folds}: the training part has only {distinct} template group(s); "
            f"expected at least {folds}"
        )
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(groups)), groups=groups))


def learning_curve_sizes(requested: Sequence[int], available: int) -> list[int]:
    """Training sizes of the learning curve: the requested ones below ``available``, then all rows."""
    return sorted({size for size in requested if size < available} | {available})


def learning_curve_subsets(available: int, sizes: Sequence[int], seed: int) -> list[np.ndarray]:
    """Nested random row subsets of the training part, one per size (sorted positions)."""
    order = stage_rng(seed, "evaluate.learning_curve").permutation(available)
    return [np.sort(order[:size]) for size in sizes]
