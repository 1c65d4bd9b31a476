"""Every figure `evaluate` reports per skill: held-out fit, baselines, grouped CV, learning curve, ceiling or judge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb

from skillsynth.config import HeuristicLabeler
from skillsynth.contract import SKILLS, TRUE_COLUMNS, score_column, true_column
from skillsynth.label.heuristic import Rater, expected_scores, heuristic_scores
from skillsynth.model import plots
from skillsynth.model.baselines import level_only_predictions, mean_baseline
from skillsynth.model.ceiling import ceiling_r2, r2_vs_truth
from skillsynth.model.design import TrainingDesign
from skillsynth.model.distribution import TrainingDistribution, flagged_share
from skillsynth.model.dropout import TELEMETRY, TEXT, hide_inputs
from skillsynth.model.fitting import fit_matrix, fit_models, skill_fit_job
from skillsynth.model.judge import judge_agreement
from skillsynth.model.metrics import mae_by_group, r2, regression_metrics, rounded
from skillsynth.model.predictor import feature_matrix, predict_scores
from skillsynth.model.resampling import grouped_folds, learning_curve_sizes, learning_curve_subsets


@dataclass(frozen=True)
class Evaluation:
    """What `evaluate` writes: metrics per skill, held-out predictions, and plot tables."""

    metrics: dict[str, dict[str, Any]]
    predictions: pd.DataFrame  # synthetic held-out rows: sample_id, <skill>_score
    pred_vs_actual: dict[str, pd.DataFrame]  # skill -> held-out rows
    plots: dict[str, pd.DataFrame]  # residuals, importance, score_by_level, learning_curve: all skills


def evaluate_models(
    synthetic: pd.DataFrame,
    design: TrainingDesign,
    models: Mapping[str, xgb.XGBRegressor],
    params: dict[str, Any],
    rater: HeuristicLabeler,
    labels_are_heuristic: bool,
    seed: int,
    cv_folds: int,
    requested_sizes: Sequence[int],
    workers: int,
    progress: bool = False,
) -> Evaluation:
    """Measure every skill's model; refit only on the training part (CV folds, learning-curve subsets).

    ``rater`` is the heuristic rater that labelled the data (``labels_are_heuristic``), giving the
    ceiling; otherwise the labels came from another judge, and ``rater`` is recomputed on the same
    samples (same seed) to compare that judge with.
    """
    pool, test = design.train, design.test
    pool_features, test_features = feature_matrix(pool), feature_matrix(test)  # validation: every input there
    folds = grouped_folds(design.groups, cv_folds, seed)
    sizes = learning_curve_sizes(requested_sizes, len(pool))
    subsets = learning_curve_subsets(len(pool), sizes[:-1], seed)  # the last size is the shipped model
    refits = _refit(design, [fit for fit, _ in folds] + subsets, params, workers, progress)
    reference = _rater_reference(synthetic, rater, labels_are_heuristic, seed)

    metrics: dict[str, dict[str, Any]] = {}
    curves: dict[str, list[float]] = {}
    predictions: dict[str, np.ndarray] = {}
    pred_vs_actual: dict[str, pd.DataFrame] = {}
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in ("residuals", "importance", "score_by_level")}
    for skill in SKILLS:
        target, booster = score_column(skill), models[skill]
        rated, weights = design.rated(skill), design.skill_weights(skill)  # real rows may lack a score
        train_target, actual = pool[target].to_numpy()[rated], test[target].to_numpy()
        predicted = predictions[target] = predict_scores(booster, test_features)
        fold_models, curve_models = refits[skill][: len(folds)], refits[skill][len(folds) :]
        fold_r2 = []
        for fold_model, (_, rows) in zip(fold_models, folds, strict=True):
            scored = np.isin(rated, rows)
            fold_r2.append(
                r2(train_target[scored], predict_scores(fold_model, pool_features.iloc[rated[scored]]), weights[scored])
            )
        metrics[skill] = {
            **regression_metrics(actual, predicted),
            **_baselines(pool.iloc[rated], train_target, weights, test, actual),
            "cv_r2_mean": rounded(np.mean(fold_r2)),
            "cv_r2_std": rounded(np.std(fold_r2)),
            **_against_truth(skill, synthetic, test, actual, predicted, reference, labels_are_heuristic),
            "mae_by_grade": mae_by_group(actual, predicted, test["grade"]),
            "mae_by_level": _mae_by_level(skill, test, actual, predicted),
        }
        metrics[skill].update(_unseen_wording(design.unseen_test, target, booster))
        curves[skill] = [r2(actual, predict_scores(m, test_features)) for m in curve_models] + [metrics[skill]["r2"]]
        pred_vs_actual[skill] = plots.pred_vs_actual_table(test, actual, predicted)
        tables["residuals"].append(plots.residuals_table(skill, test, actual, predicted))
        tables["importance"].append(plots.importance_table(skill, booster))
        tables["score_by_level"].append(plots.score_by_level_table(synthetic, skill))
    all_skills = {name: pd.concat(parts, ignore_index=True) for name, parts in tables.items()}
    all_skills["learning_curve"] = plots.learning_curve_table(sizes, curves)
    return Evaluation(
        metrics,
        pd.DataFrame({"sample_id": test["sample_id"].to_numpy(), **predictions}),
        pred_vs_actual,
        all_skills,
    )


def _unseen_wording(rows: pd.DataFrame, target: str, booster: xgb.XGBRegressor) -> dict[str, float | None]:
    """R² and MAE on the rows said only in held-out wording (None when the generator held none out)."""
    if len(rows) < 2:
        return {"unseen_wording_r2": None, "unseen_wording_mae": None}
    figures = regression_metrics(rows[target].to_numpy(), predict_scores(booster, feature_matrix(rows)))
    return {"unseen_wording_r2": figures["r2"], "unseen_wording_mae": figures["mae"]}


def _refit(
    design: TrainingDesign,
    row_sets: list[np.ndarray],
    params: dict[str, Any],
    workers: int,
    progress: bool,
) -> dict[str, list[xgb.XGBRegressor]]:
    """A model per skill and training-row subset (inputs dropped as in training), fitted in one parallel batch."""
    features = fit_matrix(design.train)
    jobs = [skill_fit_job(design, features, skill, rows) for skill in SKILLS for rows in row_sets]
    fitted = fit_models(jobs, params, workers, progress="evaluate: CV and learning-curve fits" if progress else None)
    return {skill: fitted[i * len(row_sets) : (i + 1) * len(row_sets)] for i, skill in enumerate(SKILLS)}


def _rater_reference(
    synthetic: pd.DataFrame, rater: HeuristicLabeler, labels_are_heuristic: bool, seed: int
) -> pd.DataFrame:
    """E[score | truth] under the rater that labelled the data, or that rater's own scores next to a judge's."""
    truth = synthetic[list(TRUE_COLUMNS)].to_numpy()
    if labels_are_heuristic:
        reference = expected_scores(truth, synthetic["skill"], Rater.of(rater))
    else:
        reference = heuristic_scores(truth, synthetic["skill"], Rater.of(rater), seed)
    return reference.set_axis(synthetic.index)


def _baselines(
    train: pd.DataFrame, train_target: np.ndarray, weights: np.ndarray, rows: pd.DataFrame, actual: np.ndarray
) -> dict[str, float]:
    """R² on ``rows`` of the training-mean and level-only predictors (``train``: the rated training rows)."""
    return {
        "baseline_r2": r2(actual, mean_baseline(train_target, weights, len(rows))),
        "level_only_r2": r2(actual, level_only_predictions(train, train_target, weights, rows)),
    }


def missing_input_r2(models: Mapping[str, xgb.XGBRegressor], test: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Per skill, held-out R² of sessions scored from the text alone and from the telemetry alone."""
    features = feature_matrix(test)
    only = {"text_only_r2": hide_inputs(features, TELEMETRY), "telemetry_only_r2": hide_inputs(features, TEXT)}
    return {
        skill: {
            name: r2(test[score_column(skill)].to_numpy(), predict_scores(models[skill], inputs))
            for name, inputs in only.items()
        }
        for skill in SKILLS
    }


def out_of_distribution_shares(
    distribution: TrainingDistribution, design: TrainingDesign
) -> dict[str, dict[str, float | None]]:
    """Per skill, the share of held-out rows the out-of-distribution flags mark: synthetic rows whole, with
    their telemetry or text hidden, and in unseen wording (the same for every skill: each row is rated for
    all), and, with real data, the real held-out rows rated for the skill (those ``real_r2`` is measured on)."""
    test = feature_matrix(design.test)
    parts = {
        "heldout_ood_share": test,
        "text_only_ood_share": hide_inputs(test, TELEMETRY),
        "telemetry_only_ood_share": hide_inputs(test, TEXT),
        "unseen_wording_ood_share": feature_matrix(design.unseen_test),
    }
    synthetic = {name: flagged_share(distribution.flags(part)) for name, part in parts.items()}
    shares = {skill: dict(synthetic) for skill in SKILLS}
    if design.has_real:
        flags = distribution.flags(feature_matrix(design.real_test))
        for skill in SKILLS:
            rated = design.real_test[score_column(skill)].notna().to_numpy()
            if rated.any():
                shares[skill]["real_ood_share"] = flagged_share(flags[rated])
    return shares


def _against_truth(
    skill: str,
    synthetic: pd.DataFrame,
    test: pd.DataFrame,
    actual: np.ndarray,
    predicted: np.ndarray,
    reference: pd.DataFrame,
    labels_are_heuristic: bool,
) -> dict[str, float | None]:
    """The ceiling and the model against the truth (heuristic labels), or the judge's agreement."""
    target = score_column(skill)
    if labels_are_heuristic:
        expected = reference.loc[test.index, target].to_numpy()
        return {"ceiling_r2": ceiling_r2(actual, expected), "r2_vs_truth": r2_vs_truth(predicted, expected)}
    return judge_agreement(
        synthetic[target].to_numpy(), reference[target].to_numpy(), synthetic[true_column(skill)].to_numpy()
    )


def _mae_by_level(skill: str, test: pd.DataFrame, actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """MAE per level on the rows whose prompt targeted ``skill``: elsewhere level describes another skill."""
    targeted = (test["skill"] == skill).to_numpy()
    return mae_by_group(actual[targeted], predicted[targeted], test["level"][targeted])
