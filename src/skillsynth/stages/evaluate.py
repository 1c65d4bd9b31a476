"""Stage `evaluate`: honest metrics per skill, held-out predictions, and the tables behind `dvc plots`."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from skillsynth.config import HeuristicLabeler, Settings
from skillsynth.files import write_json, write_table
from skillsynth.model import plots
from skillsynth.model.ceiling import ceiling_violations
from skillsynth.model.design import TrainingDesign
from skillsynth.model.distribution import flag_summary, read_distribution
from skillsynth.model.evaluation import evaluate_models, missing_input_r2, out_of_distribution_shares
from skillsynth.model.fitting import fit_workers
from skillsynth.model.predictor import feature_matrix, load_models
from skillsynth.model.registry import Registry
from skillsynth.model.summary import split_metrics
from skillsynth.model.transfer import Transfer, no_transfer, real_transfer
from skillsynth.stages._design import load_design

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.metrics`` (the summary) and ``paths.metrics_detail``, the held-out predictions and every plot
    table."""
    started = time.perf_counter()
    paths = settings.paths
    registry, models = load_models(paths.registry, paths.models_dir)
    loaded = load_design(paths, registry.split, registry.data)
    frame, design = loaded.synthetic, loaded.design
    heuristic = settings.labeler.name == "heuristic"
    evaluation = evaluate_models(
        frame,
        design,
        models,
        {**registry.params, "n_jobs": 1},
        rater=(
            settings.labeler if isinstance(settings.labeler, HeuristicLabeler) else settings.evaluation.reference_rater
        ),
        labels_are_heuristic=heuristic,
        seed=settings.seed,
        cv_folds=settings.evaluation.cv_folds,
        requested_sizes=settings.evaluation.learning_curve_sizes,
        workers=fit_workers(settings.model.n_jobs),
        progress=True,
    )
    missing_inputs = missing_input_r2(models, design.test)
    distribution = read_distribution(registry.distribution, paths.registry)
    flagged = out_of_distribution_shares(distribution, design)
    transfer = _real_figures(design, models, registry, settings)
    metrics = {
        skill: {**figures, **missing_inputs[skill], **transfer.metrics.get(skill, {}), **flagged[skill]}
        for skill, figures in evaluation.metrics.items()
    }
    summary, detail = split_metrics(metrics)
    write_json(summary, paths.metrics)
    write_json(detail, paths.metrics_detail)
    real_flags = flag_summary(distribution.flags(feature_matrix(design.real_test))) if design.has_real else None
    write_json({**transfer.detail, **({"out_of_distribution": real_flags} if real_flags else {})}, paths.real_transfer)
    write_table(evaluation.predictions, paths.predictions)
    write_table(transfer.predictions, paths.real_predictions)
    write_table(transfer.curve, paths.plot_real_curve)
    write_table(plots.pred_vs_actual_by_skill(evaluation.pred_vs_actual), paths.plot_pred_vs_actual)
    plot_paths = {
        "residuals": paths.plot_residuals,
        "importance": paths.plot_importance,
        "score_by_level": paths.plot_score_by_level,
        "learning_curve": paths.plot_learning_curve,
    }
    for name, table in evaluation.plots.items():
        write_table(table, plot_paths[name])
    for violation in ceiling_violations(evaluation.metrics):
        log.warning("evaluate: %s: a model above the ceiling means leakage; check the features", violation)
    held_out_flags = flag_summary(distribution.flags(feature_matrix(design.test)))
    log.info(
        "evaluate: out of distribution: %d of %d synthetic held-out rows %s%s",
        held_out_flags["flagged"],
        held_out_flags["rows"],
        held_out_flags["by_feature"],
        (
            f"; {real_flags['flagged']} of {real_flags['rows']} real held-out rows {real_flags['by_feature']}"
            if real_flags
            else ""
        ),
    )
    log.info(
        "evaluate: %d held-out rows (%d real); %s -> %s, plots in %s in %.1f s",
        len(design.test),
        len(design.real_test),
        _headline(metrics),
        paths.metrics,
        paths.plots_dir,
        time.perf_counter() - started,
    )


def _real_figures(design: TrainingDesign, models: dict, registry: Registry, settings: Settings) -> Transfer:
    """The transfer figures on the real held-out part (none without real data), with the raters' agreement."""
    if not design.has_real:
        return no_transfer()
    agreement = json.loads(Path(settings.paths.real_agreement).read_text())
    return real_transfer(
        design,
        models,
        {**registry.params, "n_jobs": 1},
        agreement,
        settings.evaluation.cv_folds,
        settings.evaluation.real_curve_sizes,
        settings.seed,
        fit_workers(settings.model.n_jobs),
    )


def _headline(metrics: dict[str, dict]) -> str:
    """The figures a person reads first, per skill."""
    keys = (
        "r2",
        "unseen_wording_r2",
        "cv_r2_mean",
        "baseline_r2",
        "level_only_r2",
        "ceiling_r2",
        "text_only_r2",
        "telemetry_only_r2",
        "real_r2",
        "real_r2_synthetic_only",
        "real_r2_real_only",
        "real_agreement",
    )
    return "; ".join(
        f"{skill} " + " ".join(f"{k} {m[k]:.3f}" for k in keys if m.get(k) is not None) for skill, m in metrics.items()
    )
