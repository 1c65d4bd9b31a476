"""The free labeler: a simulated trained rater whose score is a noisy rubric reading of the true skill."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
from scipy.special import ndtr

from skillsynth.contract import LABEL_COLUMNS, SKILLS
from skillsynth.rng import sample_blocks


class RubricSettings(Protocol):
    """What ``Rater.of`` reads from a heuristic labeler's config section."""

    rubric_floor: float
    rubric_ceiling: float
    rubric_levels: int
    noise_sd: float
    off_target_noise_sd: float


@dataclass(frozen=True)
class Rater:
    """How the simulated rater reads the true skill (the heuristic labeler's settings)."""

    floor: float  # the score of a student at true skill 0
    ceiling: float  # and at true skill 1
    levels: int  # rubric steps the rater places a student on (0: a continuous reading)
    noise_sd: float  # rater noise on the skill the prompt targeted
    off_target_noise_sd: float  # and on the other three

    @classmethod
    def of(cls, labeler: RubricSettings) -> Rater:
        """The rater a heuristic labeler's config section describes (anything with its ``rubric_*`` fields)."""
        return cls(
            labeler.rubric_floor,
            labeler.rubric_ceiling,
            labeler.rubric_levels,
            labeler.noise_sd,
            labeler.off_target_noise_sd,
        )


def rubric(truth: np.ndarray, floor: float, ceiling: float, levels: int) -> np.ndarray:
    """Map true skill in [0, 1] monotonically onto the score scale [floor, ceiling].

    With ``levels`` > 0 the rater first places the student on that many rubric steps.
    """
    position = np.round(truth * (levels - 1)) / (levels - 1) if levels > 1 else truth
    return floor + (ceiling - floor) * position


def noise_scales(target_skill: pd.Series, noise_sd: float, off_target_noise_sd: float) -> np.ndarray:
    """The rater's noise sd for every sample and skill, shape (n, 4): less where the prompt targeted it."""
    is_target = np.equal.outer(target_skill.to_numpy(), np.array(SKILLS))
    return np.where(is_target, noise_sd, off_target_noise_sd)


def heuristic_scores(
    truth: np.ndarray, target_skill: pd.Series, rater: Rater, seed: int, first_block: int = 0
) -> pd.DataFrame:
    """``<skill>_score`` for every sample: rubric(true skill) + rater noise, clipped to [0, 1].

    The rater saw the whole session but the prompt targeted one skill, so scores of the other
    three skills carry more noise. Scores never depend on the extracted features.
    ``first_block``: where these samples start in the whole data set, in seed blocks.
    """
    noise_scale = noise_scales(target_skill, rater.noise_sd, rater.off_target_noise_sd)
    scores = np.empty_like(truth)
    for rows, rng in sample_blocks(seed, "label", len(truth), first_block):
        noise = rng.standard_normal(truth[rows].shape) * noise_scale[rows]
        scores[rows] = rubric(truth[rows], rater.floor, rater.ceiling, rater.levels) + noise
    return pd.DataFrame(np.clip(scores, 0.0, 1.0), columns=list(LABEL_COLUMNS))


def _normal_pdf(x: np.ndarray) -> np.ndarray:
    """φ(x), the standard normal density (scipy.special's ndtr is Φ; scipy.stats costs 0.5 s to import)."""
    return np.exp(-0.5 * np.square(x)) / np.sqrt(2.0 * np.pi)


def expected_scores(truth: np.ndarray, target_skill: pd.Series, rater: Rater) -> pd.DataFrame:
    """E[score | true skill, prompt] under this rater: the rubric reading averaged over the noise.

    The best prediction any model can make of a heuristic label; exact, clipping to [0, 1] included:
    for X ~ N(m, s²), E[clip(X, 0, 1)] = m (Φ(b) - Φ(a)) + s (φ(a) - φ(b)) + 1 - Φ(b),
    with a = -m/s and b = (1 - m)/s.
    """
    mean = rubric(truth, rater.floor, rater.ceiling, rater.levels)
    scale = noise_scales(target_skill, rater.noise_sd, rater.off_target_noise_sd)
    safe_scale = np.where(scale > 0, scale, 1.0)
    low, high = -mean / safe_scale, (1.0 - mean) / safe_scale
    expected = mean * (ndtr(high) - ndtr(low)) + safe_scale * (_normal_pdf(low) - _normal_pdf(high)) + ndtr(-high)
    expected = np.where(scale > 0, expected, np.clip(mean, 0.0, 1.0))
    return pd.DataFrame(expected, columns=list(LABEL_COLUMNS))
