"""How far a file's raters agree, per skill: Krippendorff's alpha, the real-data ceiling.

Alpha (interval level, the ``krippendorff`` package) compares the spread of ratings within a
session with their spread over all sessions; it handles any number of raters, each rating any
subset of the sessions, and skips sessions rated once. It estimates how much of a single rating's
variance is shared by the raters: no model can explain more of it than that, so it is the real
data's counterpart of ``ceiling_r2``.
"""

from __future__ import annotations

from typing import Any

import krippendorff
import numpy as np
import pandas as pd

from skillsynth.contract import SKILLS, score_column
from skillsynth.model.metrics import rounded

BOOTSTRAP_DRAWS = 200  # resamples of the sessions for the 95% interval


def _alpha(matrix: np.ndarray) -> float:
    """Alpha of a raters x sessions matrix (NaN = not rated); NaN where it is undefined."""
    if np.count_nonzero(np.sum(~np.isnan(matrix), axis=0) >= 2) < 2 or len(np.unique(matrix[~np.isnan(matrix)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval"))


def skill_agreement(ratings: pd.DataFrame, column: str, rng: np.random.Generator) -> dict[str, Any]:
    """Alpha of the raters' ``column`` scores, with a bootstrap 95% interval over sessions rated twice or more."""
    scored = ratings.loc[ratings[column].notna(), ["sample_id", "rater_id", column]]
    matrix = scored.pivot(index="rater_id", columns="sample_id", values=column)
    values = matrix.to_numpy(dtype="float64")
    pairable = np.flatnonzero(np.sum(~np.isnan(values), axis=0) >= 2)
    alpha = _alpha(values)
    interval = None
    if np.isfinite(alpha):
        draws = [_alpha(values[:, rng.choice(pairable, len(pairable))]) for _ in range(BOOTSTRAP_DRAWS)]
        finite = np.array([draw for draw in draws if np.isfinite(draw)])
        interval = [rounded(q) for q in np.quantile(finite, [0.025, 0.975])] if len(finite) else None
    return {
        "alpha": rounded(alpha),
        "alpha_ci95": interval,
        "sessions_rated_twice": int(len(pairable)),
        "sessions_rated": int(values.shape[1]),
        "raters": int(values.shape[0]),
        "ratings": int(np.count_nonzero(~np.isnan(values))),
    }


def rater_agreement(ratings: pd.DataFrame, rng: np.random.Generator) -> dict[str, Any]:
    """Per skill the file rates, the raters' agreement; ``{}`` when it names no raters (one rating per session)."""
    if ratings.empty or ratings["rater_id"].isna().all():
        return {}
    rated = [skill for skill in SKILLS if ratings[score_column(skill)].notna().any()]
    return {skill: skill_agreement(ratings, score_column(skill), rng) for skill in rated}
