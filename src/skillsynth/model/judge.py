"""How an LLM judge's labels agree with the latent truth and with the heuristic rater on the same samples."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.stats import pearsonr, spearmanr

from skillsynth.model.metrics import rounded


def judge_agreement(judge: np.ndarray, heuristic: np.ndarray, truth: np.ndarray) -> dict[str, float | None]:
    """Correlations of the judge and the heuristic rater with the truth, and of the judge with the rater.

    The judge may use its own scale, so agreement with the truth is by correlation (Spearman: any
    monotone scale); agreement with the rater also reports MAE and bias (mean judge - rater).
    """
    return {
        "judge_truth_pearson": _correlation(pearsonr, judge, truth),
        "judge_truth_spearman": _correlation(spearmanr, judge, truth),
        "heuristic_truth_pearson": _correlation(pearsonr, heuristic, truth),
        "heuristic_truth_spearman": _correlation(spearmanr, heuristic, truth),
        "judge_heuristic_pearson": _correlation(pearsonr, judge, heuristic),
        "judge_heuristic_mae": rounded(np.mean(np.abs(judge - heuristic))),
        "judge_heuristic_bias": rounded(np.mean(judge - heuristic)),
        "judge_n": int(len(judge)),
    }


def _correlation(method: Callable[..., Any], left: np.ndarray, right: np.ndarray) -> float | None:
    if len(left) < 2 or np.ptp(left) == 0 or np.ptp(right) == 0:
        return None  # undefined for a constant
    return rounded(method(left, right).statistic)
