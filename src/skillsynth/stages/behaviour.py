"""Stage `behaviour`: the models probed on edited held-out answers; fails when they reward the wrong things."""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import pandas as pd

from skillsynth.behaviour.checks import Results, Thresholds, run_checks
from skillsynth.config import Settings, TemplateGenerator
from skillsynth.contract import SKILLS, TELEMETRY_COLUMNS, concern_column
from skillsynth.features.workers import WorkerPool, worker_count
from skillsynth.files import write_json, write_table
from skillsynth.generate.template_generator import style_of
from skillsynth.generate.templates import Style
from skillsynth.inference.scoring import load_scoring_models, score_sessions
from skillsynth.model.design import TrainingDesign
from skillsynth.stages._design import load_design

log = logging.getLogger(__name__)
EXIT_GATE_FAILED = 1
BATCH_TEXTS = 5000  # about how many texts the cases hold: sizes the worker pool


def held_out_answers(design: TrainingDesign) -> pd.DataFrame:
    """The held-out synthetic answers (text, grade, prompt skill, concern counts) of the split train used."""
    columns = ["text", "grade", "skill", "level", *(concern_column(s) for s in SKILLS)]
    return design.test.loc[:, columns].reset_index(drop=True)


def _table(results: Results) -> str:
    """The figures as a readable table for the log."""
    invariance = results.invariance.pivot(index="test", columns="skill", values="p95_abs_change")
    directions = results.directions.pivot_table(index=["kind", "test"], columns="skill", values="pass_rate")
    return (
        f"invariance, p95 |score change|:\n{invariance.to_string()}\n"
        f"directional, pairs and telemetry, share right:\n{directions.to_string()}\n"
        f"a strong move's mean rise, its own skill against the largest other:\n"
        f"{results.specificity.set_index('skill').to_string()}"
    )


def run(settings: Settings) -> int:
    """Write ``paths.behaviour`` (DVC metrics), its detail report and the plot tables; 1 when a threshold
    of ``quality.behaviour`` is missed (after writing them), else 0."""
    started = time.perf_counter()
    paths, gate = settings.paths, settings.quality.behaviour
    models = load_scoring_models(paths.models_dir, needed_limits=())
    loaded = load_design(paths, models.registry.split, models.registry.data)
    frame = loaded.synthetic
    held_out = held_out_answers(loaded.design)
    style = style_of(settings.generator) if isinstance(settings.generator, TemplateGenerator) else Style()
    thresholds = Thresholds(
        gate.invariance_max_p95,
        gate.directional_min_pass_rate,
        gate.min_functionality_min_accuracy,
        gate.telemetry_min_pass_rate,
    )
    processes = worker_count(settings.nlp.n_process, BATCH_TEXTS)  # the cases are one batch of a few thousand texts
    with WorkerPool(models.nlp, settings.nlp.batch_size, processes) as pool:
        scoring = replace(models, features=pool)
        results = run_checks(
            held_out,
            frame.loc[:, list(TELEMETRY_COLUMNS)],
            lambda s: score_sessions(s, scoring),
            settings.seed,
            gate.cases,
            gate.directional_cases,
            thresholds,
            style,
        )
    summary = results.summary()
    write_json(summary, paths.behaviour)
    write_json(
        {
            "invariance": results.invariance.to_dict("records"),
            "directional": results.directions.to_dict("records"),
            "specificity": results.specificity.to_dict("records"),
            "failures": results.failures,
        },
        paths.behaviour_detail,
    )
    write_table(results.invariance, paths.plot_behaviour_invariance)
    write_table(results.directions, paths.plot_behaviour_directional)
    log.info("behaviour: %d held-out answers to probe\n%s", len(held_out), _table(results))
    log.info(
        "behaviour: %s -> %s in %.1f s",
        ", ".join(f"{k} {v}" for k, v in summary.items()),
        paths.behaviour,
        time.perf_counter() - started,
    )
    train_rows = models.registry.data.train_rows
    if train_rows < gate.min_train_rows:
        for failure in results.failures:
            log.warning(
                "%s (not enforced: %d training rows < quality.behaviour.min_train_rows %d)",
                failure,
                train_rows,
                gate.min_train_rows,
            )
        return 0
    for failure in results.failures:
        log.error(failure)
    return EXIT_GATE_FAILED if results.failures else 0
