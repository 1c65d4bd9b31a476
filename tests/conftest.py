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
