"""Raters' agreement per skill: Krippendorff's alpha over whoever rated what, with a bootstrap interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from skillsynth.contract import LABEL_COLUMNS
from skillsynth.real.agreement import rater_agreement, skill_agreement

# The krippendorff package's documented example: 3 raters, 15 units, gaps; interval alpha 0.810845.
DOCUMENTED = [
    [np.nan, np.nan, np.nan, np.nan, np.nan, 3, 4, 1, 2, 1, 1, 3, 3, np.nan, 3],
    [1, np.nan, 2, 1, 3, 3, 4, 3, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan],
    [np.nan, np.nan, 2, 1, 3, 4, 4, np.nan, 2, 1, 1, 3, 3, np.nan, 4],
]


def _ratings(matrix: list[list[float]], column: str = "empathy_score") -> pd.DataFrame:
    """Long ratings (one row per rater and session) of a raters x sessions matrix; other skills unrated."""
    rows = [
        {"sample_id": f"s{unit}", "rater_id": f"r{rater}", column: value}
        for rater, values in enumerate(matrix)
        for unit, value in enumerate(values)
        if not np.isnan(value)
    ]
    return pd.DataFrame(rows).reindex(columns=["sample_id", "rater_id", *LABEL_COLUMNS])


def test_alpha_matches_the_documented_example() -> None:
    result = skill_agreement(_ratings(DOCUMENTED), "empathy_score", np.random.default_rng(0))
    assert result["alpha"] == pytest.approx(0.810845, abs=1e-6)
    assert (result["raters"], result["sessions_rated"], result["ratings"]) == (3, 13, 27)
    assert result["sessions_rated_twice"] == 12
    low, high = result["alpha_ci95"]
    assert low < result["alpha"] < high <= 1.0


def test_only_rated_skills_get_a_figure_and_no_raters_give_none() -> None:
    ratings = _ratings(DOCUMENTED)
    agreement = rater_agreement(ratings, np.random.default_rng(0))
    assert list(agreement) == ["empathy"]
    assert rater_agreement(ratings.assign(rater_id=None), np.random.default_rng(0)) == {}


@pytest.mark.parametrize(
    ("matrix", "alpha"),
    [
        ([[0.1, 0.5, 0.9, 0.3], [0.1, 0.5, 0.9, 0.3]], 1.0),  # raters agree exactly
        ([[0.2, 0.4, np.nan], [np.nan, np.nan, 0.6]], None),  # nobody rated a session twice: undefined
        ([[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], None),  # one value only: undefined
    ],
)
def test_edge_cases(matrix: list[list[float]], alpha: float | None) -> None:
    result = skill_agreement(_ratings(matrix), "empathy_score", np.random.default_rng(0))
    assert result["alpha"] == alpha
    assert (result["alpha_ci95"] is None) == (alpha is None)


def test_the_interval_depends_only_on_the_seed() -> None:
    first, again = (skill_agreement(_ratings(DOCUMENTED), "empathy_score", np.random.default_rng(5)) for _ in range(2))
    assert first == again
