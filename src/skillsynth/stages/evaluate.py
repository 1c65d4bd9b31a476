"""Stage `evaluate`: honest metrics per skill, held-out predictions, and the tables behind `dvc plots`."""

from __future__ import annotations

import logging
import time

from skillsynth.config import Settings
from skillsynth.contract import REAL_COLUMNS, SKILLS, TRAINING_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.files import read_table, write_json, write_table
from skillsynth.model.ceiling import ceiling_violations
from skillsynth.model import plots
from skillsynth.model.design import build_design
from skillsynth.model.evaluation import evaluate_models
from skillsynth.model.registry import file_sha256, load_models
from skillsynth.model.summary import split_metrics
from skillsynth.model.train import fit_workers

log = logging.getLogger(__name__)


def _check_unchanged(path: str, recorded: str) -> None:
    if file_sha256(path) != recorded:
        raise SkillsynthError(f"{path}: changed since the models were trained; rerun `dvc repro train`")


def run(settings: Settings) -> None:
    """Write ``paths.metrics`` (the summary) and ``paths.metrics_detail``, the held-out predictions and every plot table."""
    started = time.perf_counter()
    paths = settings.paths
    frame = read_table(paths.training_data, required=TRAINING_COLUMNS)
    real = read_table(paths.real_data, required=REAL_COLUMNS)
    registry, models = load_models(paths.registry, paths.models_dir)
    _check_unchanged(paths.training_data, registry["data"]["sha256"])
    _check_unchanged(paths.real_data, registry["data"]["real"]["sha256"])
    split = registry["split"]  # the split train used, so evaluation never drifts from it
    design = build_design(frame, real, split["test_size"], split["seed"], split["real_fraction"], paths.real_data)
    heuristic = settings.labeler.name == "heuristic"
    evaluation = evaluate_models(
        frame, design, models, {**registry["params"], "n_jobs": 1},
        rater=settings.labeler if heuristic else settings.evaluation.reference_rater,
        labels_are_heuristic=heuristic, seed=settings.seed, cv_folds=settings.evaluation.cv_folds,
        requested_sizes=settings.evaluation.learning_curve_sizes,
        workers=fit_workers(settings.model.n_jobs), progress=True,
    )
    summary, detail = split_metrics(evaluation.metrics)
    write_json(summary, paths.metrics)
    write_json(detail, paths.metrics_detail)
    write_table(evaluation.predictions, paths.predictions)
    write_table(evaluation.real_predictions, paths.real_predictions)
    write_table(plots.pred_vs_actual_by_skill(evaluation.pred_vs_actual), paths.plot_pred_vs_actual)
    plot_paths = {
        "residuals": paths.plot_residuals, "importance": paths.plot_importance,
        "score_by_level": paths.plot_score_by_level, "learning_curve": paths.plot_learning_curve,
    }
    for name, table in evaluation.plots.items():
        write_table(table, plot_paths[name])
    for violation in ceiling_violations(evaluation.metrics):
        log.warning("evaluate: %s: a model above the ceiling means leakage; check the features", violation)
    log.info(
        "evaluate: %d held-out rows (%d real); %s -> %s, plots in %s in %.1f s",
        len(design.test), len(design.real_test), _headline(evaluation.metrics), paths.metrics,
        paths.plots_dir, time.perf_counter() - started,
    )


def _headline(metrics: dict[str, dict]) -> str:
    """The figures a person reads first, per skill."""
    keys = ("r2", "cv_r2_mean", "baseline_r2", "level_only_r2", "ceiling_r2", "real_r2")
    return "; ".join(
        f"{skill} " + " ".join(f"{k} {m[k]:.3f}" for k in keys if m.get(k) is not None) for skill, m in metrics.items()
    )
