"""Simulated telemetry: contract ranges, fitting distributions, and signals that move with skill."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from skillsynth.contract import BEHAVIORAL_COLUMNS, COLUMNS, SKILLS
from skillsynth.features.behavioral import derived_composites
from skillsynth.generate.telemetry import behavioral_features


def _students(n: int, value: float, grade: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full((n, len(SKILLS)), value), np.full(n, grade)


def _features(value: float, grade: int = 5, n: int = 3000, skill_effect: float = 1.0) -> pd.DataFrame:
    truth, grades = _students(n, value, grade)
    return behavioral_features(truth, grades, skill_effect, 1.0, 12.0, seed=3)


def test_columns_dtypes_and_ranges() -> None:
    frame = _features(0.5)
    assert list(frame.columns) == list(BEHAVIORAL_COLUMNS)
    for name in BEHAVIORAL_COLUMNS:
        column = COLUMNS[name]
        assert frame[name].dtype == ("int64" if column.dtype == "int" else "float64"), name
        assert frame[name].notna().all()
        if column.minimum is not None:
            assert frame[name].min() >= column.minimum, name
        if column.maximum is not None:
            assert frame[name].max() <= column.maximum, name


@pytest.mark.parametrize(
    "signal",
    [
        "task_completion_rate",
        "peer_help_count",
        "pause_count",
        "persistence_after_failure",
        "error_recovery_rate",
        "retry_count",
        "calm_down_actions",
    ]
    + [f"{s}_composite" for s in SKILLS],
)
def test_signal_rises_with_skill(signal: str) -> None:
    assert _features(0.85)[signal].mean() > _features(0.15)[signal].mean()


def test_hints_fall_with_skill_and_grade() -> None:
    assert _features(0.85)["hint_requests"].mean() < _features(0.15)["hint_requests"].mean()
    assert _features(0.5, grade=8)["hint_requests"].mean() < _features(0.5, grade=2)["hint_requests"].mean()


def test_zero_skill_effect_makes_skill_invisible() -> None:
    low, high = _features(0.1, skill_effect=0.0), _features(0.9, skill_effect=0.0)
    assert low.equals(high)


def test_deterministic_per_seed() -> None:
    assert _features(0.5).equals(_features(0.5))


def test_composites_from_telemetry_only() -> None:
    telemetry = _features(0.5).iloc[:5, :9]
    first = derived_composites(telemetry)
    assert first.equals(derived_composites(telemetry.copy()))
    assert ((first >= 0) & (first <= 1)).all().all()


def test_the_same_numbers_whatever_the_memory_layout_of_the_skills() -> None:
    """The stage's table is in Fortran order, a partition shipped to a Dask worker in C order: a BLAS
    product would round differently on each and the data would depend on the engine."""
    rng = np.random.default_rng(11)
    truth, grades = rng.random((5000, len(SKILLS))), rng.integers(2, 9, 5000)
    c_order = behavioral_features(np.ascontiguousarray(truth), grades, 1.0, 1.0, 12.0, seed=3)
    fortran_order = behavioral_features(np.asfortranarray(truth), grades, 1.0, 1.0, 12.0, seed=3)
    pd.testing.assert_frame_equal(c_order, fortran_order, check_exact=True)
