"""Resampling on the training part: grouped folds, learning-curve sizes and nested subsets; the baselines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from skillsynth.errors import SkillsynthError
from skillsynth.model.baselines import level_only_predictions, mean_baseline
from skillsynth.model.resampling import grouped_folds, learning_curve_sizes, learning_curve_subsets


def test_folds_are_grouped_and_cover_every_row_once() -> None:
    groups = np.repeat([f"t{i}" for i in range(30)], 3)
    folds = grouped_folds(groups, 5, seed=1)
    held = np.concatenate([validation for _, validation in folds])
    assert len(folds) == 5 and sorted(held) == list(range(len(groups)))
    for fit, validation in folds:
        assert not set(groups[fit]) & set(groups[validation])
    assert [v.tolist() for _, v in folds] == [v.tolist() for _, v in grouped_folds(groups, 5, seed=1)]


def test_too_few_groups_for_the_folds_is_one_line() -> None:
    with pytest.raises(SkillsynthError, match=r"evaluation.cv_folds = 5: the training part has only 3 template group"):
        grouped_folds(np.array(["a", "b", "c", "a"]), 5, seed=1)


@pytest.mark.parametrize(
    ("requested", "available", "expected"),
    [
        ([100, 500, 1000, 5000], 1602, [100, 500, 1000, 1602]),
        ([100, 500], 160, [100, 160]),
        ([], 50, [50]),
        ([5000, 100], 5000, [100, 5000]),
    ],
)
def test_learning_curve_sizes_are_capped_and_end_with_all(requested, available, expected) -> None:
    assert learning_curve_sizes(requested, available) == expected


def test_learning_curve_subsets_are_nested_and_seeded() -> None:
    small, large = learning_curve_subsets(1000, [100, 500], seed=4)
    assert len(small) == 100 and len(large) == 500 and set(small) <= set(large)
    assert not np.array_equal(small, learning_curve_subsets(1000, [100], seed=5)[0])


def test_level_only_predicts_each_cells_weighted_mean() -> None:
    train = pd.DataFrame(
        {
            "skill": ["empathy"] * 4 + ["resilience"] * 2,
            "level": ["high", "high", "medium", "medium", "high", "high"],
        }
    )
    target = np.array([0.8, 0.6, 0.4, 0.5, 0.9, 0.9])
    weights = np.array([1.0, 3.0, 1.0, 1.0, 1.0, 1.0])
    test = pd.DataFrame(
        {
            "skill": ["empathy", "empathy", "resilience", "resilience"],
            "level": ["high", "medium", "high", "developing"],
        }
    )
    predicted = level_only_predictions(train, target, weights, test)
    np.testing.assert_allclose(predicted[:3], [0.65, 0.45, 0.9])
    assert predicted[3] == pytest.approx(np.average(target, weights=weights))  # unseen cell: the training mean
    np.testing.assert_allclose(mean_baseline(target, weights, 2), [np.average(target, weights=weights)] * 2)
