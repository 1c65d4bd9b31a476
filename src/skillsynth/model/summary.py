"""Which of evaluate's figures are DVC metrics (the short summary `dvc exp show` compares) and which are detail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Per skill, the figures kept as DVC metrics, when the run has them: held-out fit, the figure to
# compare settings by (grouped CV on the training part), the ceiling (heuristic labels) or the
# judge's agreement with the truth (LLM labels), fit on unseen wording, text alone and real data, and the
# share of real held-out sessions flagged out of distribution.
# Everything else (baselines, spreads, errors by grade and level, judge details) goes to the detail
# file, a DVC output that `dvc exp show` does not list.
SUMMARY_METRICS = (
    "r2",
    "mae",
    "cv_r2_mean",
    "ceiling_r2",
    "judge_truth_pearson",
    "unseen_wording_r2",
    "unseen_wording_mae",
    "text_only_r2",
    "real_r2",
    "real_r2_synthetic_only",
    "real_r2_real_only",
    "real_agreement",
    "real_ood_share",  # with real data only
)


def split_metrics(metrics: Mapping[str, Mapping[str, Any]]) -> tuple[dict[str, dict], dict[str, dict]]:
    """``(summary, detail)``: each skill's figures parted by ``SUMMARY_METRICS``, in their original order."""
    summary = {skill: {k: v for k, v in m.items() if k in SUMMARY_METRICS} for skill, m in metrics.items()}
    detail = {skill: {k: v for k, v in m.items() if k not in SUMMARY_METRICS} for skill, m in metrics.items()}
    return summary, detail


def join_metrics(summary: Mapping[str, Mapping[str, Any]], detail: Mapping[str, Mapping[str, Any]]) -> dict[str, dict]:
    """Every figure of each skill again, summary first (the inverse of ``split_metrics``)."""
    return {skill: {**summary.get(skill, {}), **detail.get(skill, {})} for skill in {**summary, **detail}}
