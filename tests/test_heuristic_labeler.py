"""The heuristic rater: a monotone rubric of the true skill plus noise, inside [0, 1]."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from skillsynth.contract import LABEL_COLUMNS, SKILLS
from skillsynth.label.heuristic import Rater, expected_scores, heuristic_scores, rubric


def _scores(truth: np.ndarray, noise: float = 0.05, off: float = 0.08, levels: int = 0, seed: int = 1):
    target = pd.Series(["empathy"] * len(truth))
    return heuristic_scores(truth, target, Rater(0.25, 0.85, levels, noise, off), seed)


def test_rubric_is_monotone_and_bounded() -> None:
    truth = np.linspace(0, 1, 101)
    mapped = rubric(truth, 0.25, 0.85, 0)
    assert (np.diff(mapped) > 0).all() and mapped[0] == 0.25 and mapped[-1] == 0.85
    stepped = rubric(truth, 0.25, 0.85, 5)
    assert (np.diff(stepped) >= 0).all() and len(np.unique(stepped)) == 5


def test_noise_free_score_is_the_rubric() -> None:
    truth = np.random.default_rng(0).random((50, 4))
    scores = _scores(truth, noise=0.0, off=0.0)
    np.testing.assert_allclose(scores.to_numpy(), rubric(truth, 0.25, 0.85, 0))


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_scores_stay_in_unit_interval(value: float) -> None:
    scores = _scores(np.full((2000, 4), value), noise=0.3, off=0.3)
    assert list(scores.columns) == list(LABEL_COLUMNS)
    assert scores.to_numpy().min() >= 0.0 and scores.to_numpy().max() <= 1.0


def test_off_target_skills_are_noisier() -> None:
    truth = np.full((4000, 4), 0.5)
    residual = _scores(truth) - rubric(truth, 0.25, 0.85, 0)
    spread = residual.std()
    assert spread["empathy_score"] < spread[f"{SKILLS[1]}_score"]


def test_deterministic_per_seed() -> None:
    truth = np.random.default_rng(0).random((100, 4))
    assert _scores(truth).equals(_scores(truth))
    assert not _scores(truth).equals(_scores(truth, seed=2))


@pytest.mark.parametrize(("levels", "noise", "off"), [(0, 0.05, 0.08), (4, 0.05, 0.08), (0, 0.3, 0.4), (0, 0.0, 0.0)])
def test_expected_score_is_the_mean_over_rater_noise(levels: int, noise: float, off: float) -> None:
    truth = np.tile([[0.0, 0.5, 1.0, 0.03]], (100_000, 1))
    target = pd.Series(["empathy"] * len(truth))
    rater = Rater(0.25, 0.85, levels, noise, off)
    expected = expected_scores(truth[:1], target[:1], rater).to_numpy()[0]
    simulated = heuristic_scores(truth, target, rater, seed=9).mean().to_numpy()
    np.testing.assert_allclose(expected, simulated, atol=0.002)  # clipping at 0 and 1 included
