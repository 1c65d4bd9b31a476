"""The free labeler: a simulated trained rater whose score is a noisy rubric reading of the true skill."""

from __future__ import annotations

import numpy as np
import pandas as pd

from skillsynth.contract import LABEL_COLUMNS, SKILLS
from skillsynth.rng import sample_blocks


def rubric(truth: np.ndarray, floor: float, ceiling: float, levels: int) -> np.ndarray:
    """Map true skill in [0, 1] monotonically onto the score scale [floor, ceiling].

    With ``levels`` > 0 the rater first places the student on that many rubric steps.
    """
    position = np.round(truth * (levels - 1)) / (levels - 1) if levels > 1 else truth
    return floor + (ceiling - floor) * position


def heuristic_scores(
    truth: np.ndarray,
    target_skill: pd.Series,
    floor: float,
    ceiling: float,
    levels: int,
    noise_sd: float,
    off_target_noise_sd: float,
    seed: int,
) -> pd.DataFrame:
    """``<skill>_score`` for every sample: rubric(true skill) + rater noise, clipped to [0, 1].

    The rater saw the whole session but the prompt targeted one skill, so scores of the other
    three skills carry more noise. Scores never depend on the extracted features.
    """
    is_target = np.equal.outer(target_skill.to_numpy(), np.array(SKILLS))
    noise_scale = np.where(is_target, noise_sd, off_target_noise_sd)
    scores = np.empty_like(truth)
    for rows, rng in sample_blocks(seed, "label", len(truth)):
        noise = rng.standard_normal(truth[rows].shape) * noise_scale[rows]
        scores[rows] = rubric(truth[rows], floor, ceiling, levels) + noise
    return pd.DataFrame(np.clip(scores, 0.0, 1.0), columns=list(LABEL_COLUMNS))
