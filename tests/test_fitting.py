"""Fitting: the per-skill models are fitted by whatever engine the train stage passes in."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import pytest
import xgboost as xgb

from skillsynth.config import Settings
from skillsynth.contract import SKILLS
from skillsynth.model.fitting import FitJob, fit_models, train_skill_models, xgboost_params
from skillsynth.model.registry import read_registry
from skillsynth.stages._design import load_design
from skillsynth.stages.train import fit_engine


def test_the_models_are_fitted_by_the_function_passed_in(trained: Settings) -> None:
    design = load_design(trained.paths, read_registry(trained.paths.registry).split).design
    params = xgboost_params(trained.model, trained.seed)
    calls: list[tuple[list[str], dict[str, Any]]] = []

    def recording_fit(jobs: Sequence[FitJob], fit_params: dict[str, Any]) -> list[xgb.XGBRegressor]:
        calls.append(([job.skill for job in jobs], fit_params))
        return fit_models(jobs, fit_params, workers=1)

    trained_models = train_skill_models(design, params, recording_fit)
    assert calls == [(list(SKILLS), params)]  # one call, a job per skill, in contract order
    assert [model.skill for model in trained_models] == list(SKILLS)
    assert all(model.metrics["n"] == len(design.test) for model in trained_models)


@pytest.mark.parametrize("n_jobs", [1, 3])
def test_without_a_cluster_the_fits_run_here(n_jobs: int) -> None:
    fit = fit_engine(None, n_jobs)
    assert isinstance(fit, partial) and fit.func is fit_models and fit.keywords == {"workers": n_jobs}
