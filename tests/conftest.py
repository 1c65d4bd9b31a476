"""Shared fixtures: the real config, built once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from skillsynth.config import Settings, load_settings
from support import run_stages, settings_in

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def repo() -> Path:
    """The project's root folder."""
    return REPO


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The committed params.yaml, validated."""
    return load_settings(params_path=REPO / "params.yaml", conf_dir=REPO / "conf")


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A whole 400-sample pipeline run in a temporary folder (real spaCy and XGBoost); its settings."""
    settings = settings_in(tmp_path_factory.mktemp("small_run"), "data.count=400")
    run_stages(settings)
    return settings


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real pipeline, stage by stage in-process, on a small data set in a temporary folder:
    settings whose paths hold its training table, models, registry and held-out predictions."""
    settings = settings_in(tmp_path_factory.mktemp("trained"), "data.count=168")
    run_stages(settings)
    return settings
