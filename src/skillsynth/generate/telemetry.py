"""Game telemetry simulated from each student's latent skills and grade: the generated game log."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from skillsynth.contract import TELEMETRY_COLUMNS
from skillsynth.features.behavioral import derived_composites
from skillsynth.rng import sample_blocks

# How each latent skill (centred: true - 0.5) moves each telemetry signal, before
# ``skill_effect`` scales it. Rows are telemetry signals, columns follow contract.SKILLS
# (empathy, problem_solving, self_regulation, resilience).
SKILL_LOADINGS: dict[str, tuple[float, float, float, float]] = {
    "task_completion_rate": (0.0, 2.0, 0.4, 1.0),
    "time_on_task_s": (0.0, 0.0, 0.6, 0.2),
    "retry_count": (0.0, 0.2, 0.0, 1.4),
    "hint_requests": (0.0, -1.6, 0.0, 0.0),
    "peer_help_count": (2.0, 0.0, 0.0, 0.0),
    "pause_count": (0.0, 0.3, 1.4, 0.0),
    "error_recovery_rate": (0.0, 1.0, 0.3, 1.6),
    "persistence_after_failure": (0.0, 0.2, 0.2, 2.4),
    "calm_down_actions": (0.0, 0.0, 1.5, 0.0),
}
# How one grade above grade 5 moves each signal (older students finish more, need fewer hints).
GRADE_SLOPES: dict[str, float] = {
    "task_completion_rate": 0.12,
    "time_on_task_s": -0.04,
    "retry_count": 0.0,
    "hint_requests": -0.10,
    "peer_help_count": 0.03,
    "pause_count": 0.04,
    "error_recovery_rate": 0.08,
    "persistence_after_failure": 0.03,
    "calm_down_actions": -0.05,
}
# Baselines: logit of the mean for rates, log of the mean for counts.
BASELINES: dict[str, float] = {
    "task_completion_rate": 0.6,
    "retry_count": 0.9,
    "hint_requests": 0.8,
    "peer_help_count": 0.4,
    "pause_count": 1.0,
    "error_recovery_rate": 0.2,
    "persistence_after_failure": 0.3,
    "calm_down_actions": 0.1,
}
RATES = ("task_completion_rate", "error_recovery_rate", "persistence_after_failure")
RATE_CONCENTRATION = 12.0  # Beta(a, b) with a + b fixed: spread of a rate around its mean
TIME_LOG_SD = 0.35


def _linear_signal(
    truth: np.ndarray, grade: np.ndarray, signal: str, skill_effect: float, grade_effect: float
) -> np.ndarray:
    # Summed column by column in a fixed order rather than by a matrix product: BLAS picks its kernel
    # (and so the rounding) by memory layout and CPU, and a partition shipped to a Dask worker arrives
    # in C order where the stage's own table is in Fortran order.
    centred = truth - 0.5
    loading = np.zeros(len(truth))
    for column, weight in enumerate(SKILL_LOADINGS[signal]):
        loading = loading + weight * centred[:, column]
    return skill_effect * loading + grade_effect * GRADE_SLOPES[signal] * (grade - 5)


def simulate_telemetry(
    truth: np.ndarray,
    grade: np.ndarray,
    skill_effect: float,
    grade_effect: float,
    session_minutes: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The 9 telemetry signals for students with latent skills ``truth`` (n x 4) and ``grade``."""
    columns: dict[str, np.ndarray] = {}
    for signal in TELEMETRY_COLUMNS:
        drive = _linear_signal(truth, grade, signal, skill_effect, grade_effect)
        if signal in RATES:
            mean = expit(BASELINES[signal] + drive)
            columns[signal] = rng.beta(mean * RATE_CONCENTRATION, (1 - mean) * RATE_CONCENTRATION)
        elif signal == "time_on_task_s":
            log_mean = np.log(session_minutes * 60.0) + drive
            columns[signal] = np.maximum(1.0, rng.lognormal(log_mean, TIME_LOG_SD)).round(1)
        else:
            columns[signal] = rng.poisson(np.exp(BASELINES[signal] + drive)).astype("int64")
    return pd.DataFrame(columns)[list(TELEMETRY_COLUMNS)]


def behavioral_features(
    truth: np.ndarray,
    grade: np.ndarray,
    skill_effect: float,
    grade_effect: float,
    session_minutes: float,
    seed: int,
    first_block: int = 0,
) -> pd.DataFrame:
    """Telemetry plus composites for every student, one independently seeded block at a time.

    ``first_block``: where these students start in the whole data set, in seed blocks.
    """
    blocks = [
        simulate_telemetry(truth[rows], grade[rows], skill_effect, grade_effect, session_minutes, rng)
        for rows, rng in sample_blocks(seed, "behavioral", len(truth), first_block)
    ]
    telemetry = pd.concat(blocks, ignore_index=True)
    return pd.concat([telemetry, derived_composites(telemetry)], axis=1)
