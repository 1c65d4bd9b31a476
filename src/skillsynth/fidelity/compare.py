"""Synthetic against real responses: a detection classifier, per-feature distances, lengths by grade."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp, spearmanr, wasserstein_distance
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from threadpoolctl import threadpool_limits

from skillsynth.contract import SKILLS, true_column
from skillsynth.errors import SkillsynthError
from skillsynth.model.metrics import rounded
from skillsynth.rng import stage_rng

SYNTHETIC, REFERENCE = "synthetic", "reference"
GRADE_MEDIANS: dict[str, str] = {  # per-grade summary column -> feature it takes the median of
    "median_words": "word_count",
    "median_sentences": "sentence_count",
    "median_lexical_diversity": "lexical_diversity",
}


@dataclass(frozen=True)
class Detection:
    """How the detection classifier is set up: scikit-learn defaults, nothing tuned down."""

    folds: int = 5
    max_synthetic_ratio: float = 5.0  # synthetic rows compared, at most this many per reference row
    seed: int = 0


def compared_synthetic(synthetic: pd.DataFrame, reference_rows: int, detection: Detection) -> pd.DataFrame:
    """The synthetic rows the comparison uses: all of them, or a random subset of ``max_synthetic_ratio``
    per reference row, so a large synthetic set does not swamp a small reference."""
    keep = min(len(synthetic), int(detection.max_synthetic_ratio * reference_rows))
    rows = np.sort(stage_rng(detection.seed, "fidelity.subsample").permutation(len(synthetic))[:keep])
    return synthetic.iloc[rows]


def detection_auc(
    synthetic: pd.DataFrame, reference: pd.DataFrame, features: Sequence[str], detection: Detection
) -> float:
    """Mean ROC AUC over stratified folds of a default ``HistGradientBoostingClassifier`` telling
    ``reference`` rows from ``synthetic`` ones by ``features``: 0.5 means indistinguishable."""
    if min(len(synthetic), len(reference)) < detection.folds:
        raise SkillsynthError(
            f"fidelity: {len(reference)} reference and {len(synthetic)} synthetic rows; expected at least "
            f"fidelity.folds = {detection.folds} of each"
        )
    values = pd.concat([synthetic[list(features)], reference[list(features)]]).to_numpy(dtype=float)
    is_reference = np.r_[np.zeros(len(synthetic)), np.ones(len(reference))]
    folds = StratifiedKFold(detection.folds, shuffle=True, random_state=detection.seed)
    classifier = HistGradientBoostingClassifier(random_state=detection.seed)
    with threadpool_limits(1, user_api="openmp"):  # a few small fits: threads only contend, on a busy machine badly
        return float(np.mean(cross_val_score(classifier, values, is_reference, cv=folds, scoring="roc_auc")))


def feature_distances(synthetic: pd.DataFrame, reference: pd.DataFrame, features: Sequence[str]) -> pd.DataFrame:
    """Per feature: two-sample KS statistic, Wasserstein distance (raw, and in reference standard
    deviations), how well the feature alone tells the sides apart (AUC folded to >= 0.5), and medians."""
    is_reference = np.r_[np.zeros(len(synthetic)), np.ones(len(reference))]
    rows = []
    for name in features:
        ours, theirs = synthetic[name].to_numpy(float), reference[name].to_numpy(float)
        distance = wasserstein_distance(ours, theirs)
        spread = theirs.std()
        auc = roc_auc_score(is_reference, np.r_[ours, theirs])
        rows.append(
            {
                "feature": name,
                "ks": rounded(ks_2samp(ours, theirs).statistic),
                "wasserstein": rounded(distance),
                "wasserstein_in_sd": rounded(distance / spread) if spread > 0 else None,
                "single_feature_auc": rounded(max(auc, 1.0 - auc)),
                "synthetic_median": rounded(float(np.median(ours))),
                "reference_median": rounded(float(np.median(theirs))),
            }
        )
    return pd.DataFrame(rows).sort_values(["single_feature_auc", "feature"], ascending=[False, True], ignore_index=True)


def by_grade(synthetic: pd.DataFrame, reference: pd.DataFrame | None) -> pd.DataFrame:
    """Rows and median words, sentences and lexical diversity per grade, for each side."""
    parts = [(SYNTHETIC, synthetic)] + ([(REFERENCE, reference)] if reference is not None else [])
    rows = []
    for side, table in parts:
        for grade, group in table.groupby("grade", sort=True):
            rows.append(
                {
                    "grade": int(grade),
                    "side": side,
                    "rows": len(group),
                    **{key: rounded(float(group[feature].median())) for key, feature in GRADE_MEDIANS.items()},
                }
            )
    return pd.DataFrame(rows)


def words_by_grade_plot(grades: pd.DataFrame) -> pd.DataFrame:
    """One row per grade, the median words of each side side by side (empty where a side has none)."""
    wide = grades.pivot(index="grade", columns="side", values="median_words")
    return wide.reindex(columns=[SYNTHETIC, REFERENCE]).reset_index().rename_axis(columns=None)


def length_diagnostics(responses: pd.DataFrame) -> dict[str, float | None]:
    """Does length give the skill away? Spearman of word count with the true skill the prompt targeted,
    within each grade (averaged, weighted by rows), and of word count with grade."""
    truth = responses[[true_column(skill) for skill in SKILLS]].to_numpy()
    target = truth[np.arange(len(responses)), responses["skill"].map(SKILLS.index).to_numpy()]
    weighted, weight = 0.0, 0
    for grade in sorted(responses["grade"].unique()):
        rows = (responses["grade"] == grade).to_numpy()
        rho = spearmanr(responses["word_count"].to_numpy()[rows], target[rows])[0] if rows.sum() > 2 else np.nan
        if np.isfinite(rho):
            weighted, weight = weighted + rho * rows.sum(), weight + int(rows.sum())
    grades_vary = responses["grade"].nunique() > 1
    grade_rho = spearmanr(responses["word_count"], responses["grade"])[0] if grades_vary else np.nan
    return {
        "length_skill_spearman_within_grade": rounded(weighted / weight) if weight else None,
        "length_grade_spearman": rounded(grade_rho),
    }


@dataclass(frozen=True)
class Fidelity:
    """What the `fidelity` stage writes."""

    metrics: dict[str, Any]  # the summary, a DVC metrics file
    detail: dict[str, Any]  # per feature, per grade, give-aways
    words_by_grade: pd.DataFrame  # plot
    distances: pd.DataFrame  # plot: KS per feature


def compare(
    synthetic: pd.DataFrame,
    reference: pd.DataFrame | None,
    features: Sequence[str],
    length_features: Sequence[str],
    detection: Detection,
    give_aways: int = 5,
) -> Fidelity:
    """The whole comparison; without a reference, only the synthetic side's length diagnostics."""
    metrics: dict[str, Any] = {
        **length_diagnostics(synthetic),
        "detection_auc": None,
        "detection_auc_without_length": None,
    }
    detail: dict[str, Any] = {
        "reference_rows": 0,
        "synthetic_rows": len(synthetic),
        "compared_synthetic_rows": 0,
        "features": list(features),
        "length_features": list(length_features),
        "per_feature": [],
        "give_aways": [],
    }
    if reference is None:
        grades = by_grade(synthetic, None)
        detail["per_grade"] = grades.to_dict("records")
        return Fidelity(metrics, detail, words_by_grade_plot(grades), pd.DataFrame(columns=["feature", "ks"]))
    compared = compared_synthetic(synthetic, len(reference), detection)
    without_length = [name for name in features if name not in set(length_features)]
    metrics["detection_auc"] = rounded(detection_auc(compared, reference, features, detection))
    metrics["detection_auc_without_length"] = rounded(detection_auc(compared, reference, without_length, detection))
    distances = feature_distances(compared, reference, features)
    grades = by_grade(synthetic, reference)
    detail.update(
        {
            "reference_rows": len(reference),
            "compared_synthetic_rows": len(compared),
            "per_feature": distances.to_dict("records"),
            "per_grade": grades.to_dict("records"),
            "give_aways": distances.loc[~distances["feature"].isin(length_features), "feature"]
            .head(give_aways)
            .tolist(),
        }
    )
    return Fidelity(metrics, detail, words_by_grade_plot(grades), distances[["feature", "ks"]])


def detection_gate(metrics: dict[str, Any], max_detection_auc: float | None) -> str | None:
    """The failure line of the optional gate, or None when it passes or is off."""
    observed = metrics.get("detection_auc_without_length")
    if max_detection_auc is None or observed is None or observed <= max_detection_auc:
        return None
    return (
        f"FAILED fidelity: detection_auc_without_length {observed:.3f} > quality.max_detection_auc "
        f"{max_detection_auc}: a classifier tells the synthetic responses from the reference too easily; "
        f"see the give-away features in the fidelity detail report"
    )
