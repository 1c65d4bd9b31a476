"""Shared fixtures: the real config, built once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from skillsynth.config import Settings, load_settings

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
def trained(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real pipeline, stage by stage in-process, on a small data set in a temporary folder:
    settings whose paths hold its training table, models, registry and held-out predictions."""
    from skillsynth.stages import assemble, behavioral, evaluate, generate, label, linguistic, train

    root = tmp_path_factory.mktemp("trained")
    overrides = [
        "data.count=168", f"paths.data_dir={root}/data", f"paths.models_dir={root}/models",
        f"paths.reports_dir={root}/reports",
    ]
    settings = load_settings(overrides, conf_dir=REPO / "conf")
    for stage in (generate, linguistic, behavioral, label, assemble, train, evaluate):
        stage.run(settings)
    return settings
